import Foundation

@testable import WeChatPay

/// Signs with a predictable header that records what was signed.
struct FakeAuthorizer: RequestAuthorizing {
    let mchid = "1900000001"

    func authorization(method: String, canonicalURL: String, body: Data) throws -> String {
        "FAKE \(method) \(canonicalURL) \(Digest.sha256(body).hexString)"
    }

    func sign(message: Data) throws -> String { Digest.sha256(message).base64EncodedString() }
}

/// Accepts answers carrying `Wechatpay-Signature: good` and counts what it checked.
actor FakeValidator: ResponseValidating {
    struct Rejected: Error {}
    private(set) var validatedBodies: [Data] = []
    let serial: String?

    init(serial: String? = "PUB_KEY_ID_0001") { self.serial = serial }

    func validate(headers: HTTPHeaders, body: Data) async throws {
        validatedBodies.append(body)
        guard headers["Wechatpay-Signature"] == "good" else { throw Rejected() }
    }

    func preferredSerial() async -> String? { serial }
}

/// A transport that answers from a script and remembers every request.
actor FakeTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(TransportError)
    }

    private var script: [Step]
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Step]) { self.script = script }

    func send(_ request: HTTPRequest, clientCertificate: ClientCertificate?) async throws -> HTTPResponse {
        requests.append(request)
        guard !script.isEmpty else { throw TransportError.connection("script exhausted") }
        switch script.removeFirst() {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }

    /// A signed JSON answer.
    static func ok(_ json: String, status: Int = 200) -> Step {
        .respond(HTTPResponse(status: status, headers: HTTPHeaders([("Wechatpay-Signature", "good")]), body: Data(json.utf8)))
    }

    /// A signed empty answer.
    static let noContent = Step.respond(HTTPResponse(status: 204, headers: HTTPHeaders([("Wechatpay-Signature", "good")])))

    /// An unsigned error answer.
    static func error(_ status: Int, _ body: String) -> Step {
        .respond(HTTPResponse(status: status, body: Data(body.utf8)))
    }
}

/// Collects API call records.
actor RecordingObserver: APICallObserver {
    private(set) var records: [APICallRecord] = []
    func record(_ call: APICallRecord) async { records.append(call) }
}

enum ClientFixture {
    static let base = "https://api.mch.weixin.qq.com"
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))

    static func client(
        _ transport: FakeTransport, validator: FakeValidator = FakeValidator(), observer: RecordingObserver? = nil,
        retry: RetryPolicy = fastRetry
    ) -> WeChatPayClient {
        WeChatPayClient(
            baseURL: base, authorizer: FakeAuthorizer(), validator: validator, transport: transport, retry: retry,
            observer: observer)
    }

    static func nativeRequest(outTradeNo: String = "PD20261124A0001") -> NativePrepayRequest {
        NativePrepayRequest(
            appid: "wxd678efh567hg6787", mchid: "1900000001", description: "Image形象店-深圳腾大-QQ公仔",
            outTradeNo: outTradeNo, notifyURL: "https://paydesk.example/notify", amount: Amount(total: 1250))
    }

    /// The body as a JSON object.
    static func json(_ data: Data) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
