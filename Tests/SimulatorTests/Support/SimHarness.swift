import Foundation
import Testing
import WeChatPay
@testable import Simulator

/// A simulator started in-process on 127.0.0.1:0 with a temporary state folder, plus signed raw HTTP.
final class SimHarness: Sendable {
    let directory: URL
    let server: SimulatorServer
    let baseURL: String
    let sandbox: SandboxConfig
    let merchantKey: RSAPrivateKey
    let platformPublicKey: RSAPublicKey
    let transport = CurlTransport(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(30)))

    /// Starts a simulator; pass `directory` to reuse a state folder.
    static func start(
        directory: URL? = nil, timeScale: Double = 0.001, mode: SignatureMode = .publicKey, settleAfter: TimeInterval? = nil
    ) async throws -> SimHarness {
        let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-sim-\(UUID().uuidString)")
        let server = SimulatorServer(options: SimulatorOptions(
            stateDirectory: folder, port: 0, timeScale: timeScale, signatureMode: mode, autoSettleRefundsAfter: settleAfter))
        let url = try await server.start()
        let sandbox = try await server.sandbox()
        return try SimHarness(directory: folder, server: server, baseURL: url.absoluteString, sandbox: sandbox)
    }

    private init(directory: URL, server: SimulatorServer, baseURL: String, sandbox: SandboxConfig) throws {
        self.directory = directory
        self.server = server
        self.baseURL = baseURL
        self.sandbox = sandbox
        merchantKey = try RSAPrivateKey(pem: String(contentsOfFile: sandbox.merchantPrivateKey, encoding: .utf8))
        platformPublicKey = try RSAPublicKey(pem: String(contentsOfFile: sandbox.platformPublicKey, encoding: .utf8))
    }

    /// Stops the server; removes the folder unless `keepState`.
    func stop(keepState: Bool = false) async {
        await server.stop()
        if !keepState { try? FileManager.default.removeItem(at: directory) }
    }

    var signer: RequestSigner {
        RequestSigner(mchid: sandbox.mchid, serialNumber: sandbox.merchantSerial, privateKey: merchantKey)
    }

    /// A v3 call signed by the merchant; `authorization` overrides the header (nil = sign properly).
    func v3(
        _ method: String, _ path: String, json: String? = nil, authorization: String? = nil, omitAuthorization: Bool = false,
        extraHeaders: [(String, String)] = []
    ) async throws -> HTTPResponse {
        let body = Data((json ?? "").utf8)
        var headers = HTTPHeaders([("Accept", "application/json")])
        if json != nil { headers["Content-Type"] = "application/json" }
        if !omitAuthorization {
            headers["Authorization"] = try authorization ?? signer.authorization(method: method, canonicalURL: path, body: body)
        }
        for (name, value) in extraHeaders { headers[name] = value }
        return try await transport.send(HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body))
    }

    /// A control-API call.
    func control(_ method: String, _ path: String, json: String? = nil) async throws -> HTTPResponse {
        let headers = HTTPHeaders(json == nil ? [] : [("Content-Type", "application/json")])
        return try await transport.send(HTTPRequest(method: method, url: baseURL + path, headers: headers, body: Data((json ?? "").utf8)))
    }

    /// The recorded delivery attempts of `outTradeNo`, polled until there are `count` (or 15 s pass).
    func attempts(of outTradeNo: String, count: Int) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(60)
        var attempts: [[String: Any]] = []
        repeat {
            let log = try jsonObject(try await control("GET", "/sim/notifications?out_trade_no=\(outTradeNo)").body)
            attempts = log["attempts"] as? [[String: Any]] ?? []
            if attempts.count >= count { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        } while Date() < deadline
        return attempts
    }

    /// Gives notification receivers 30 s instead of 5 s: a loaded test machine must not look like a slow merchant.
    func allowSlowReceivers() async throws {
        _ = try await control("POST", "/sim/faults", json: #"{"notify_timeout":30}"#)
    }

    /// A v2 XML call signed with the APIv2 key.
    func v2(_ path: String, _ fields: [String: String], signType: V2SignType = .md5) async throws -> [String: String] {
        var fields = fields
        fields["appid"] = fields["appid"] ?? sandbox.appid
        fields["mch_id"] = fields["mch_id"] ?? sandbox.mchid
        fields["nonce_str"] = Nonce.make(length: 32)
        if signType == .hmacSHA256 { fields["sign_type"] = "HMAC-SHA256" }
        fields["sign"] = V2Signer(apiKey: sandbox.apiV2Key).sign(fields, type: signType)
        let response = try await transport.send(HTTPRequest(
            method: "POST", url: baseURL + path, headers: HTTPHeaders([("Content-Type", "text/xml")]), body: XMLCodec.encode(fields)))
        return try XMLCodec.decode(response.body)
    }

    /// True when the platform signature headers verify over the body with the platform public key.
    func platformSignatureVerifies(_ headers: HTTPHeaders, body: Data) -> Bool {
        guard let timestamp = headers["Wechatpay-Timestamp"], let nonce = headers["Wechatpay-Nonce"],
              let signatureText = headers["Wechatpay-Signature"], let signature = Data(base64Encoded: signatureText)
        else { return false }
        var message = Data("\(timestamp)\n\(nonce)\n".utf8)
        message.append(body)
        message.append(0x0A)
        return platformPublicKey.verifySHA256(signature: signature, data: message)
    }

    /// A fresh, valid order number.
    static func orderNumber(_ prefix: String = "T") -> String { prefix + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20)) }

    /// The JSON of a Native prepay body.
    func nativeBody(_ number: String, total: Int = 1250, notifyURL: String = "http://127.0.0.1:9/notify", extra: String = "") -> String {
        #"{"appid":"\#(sandbox.appid)","mchid":"\#(sandbox.mchid)","description":"PayDesk test","out_trade_no":"\#(number)","notify_url":"\#(notifyURL)","amount":{"total":\#(total),"currency":"CNY"}\#(extra)}"#
    }
}

/// Parses a JSON object body.
func jsonObject(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}
