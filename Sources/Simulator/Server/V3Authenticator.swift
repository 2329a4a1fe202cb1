import Foundation
import WeChatPay

/// Checks the `Authorization` header of a v3 request the way the platform does (401 `SIGN_ERROR` otherwise).
struct V3Authenticator: Sendable {
    static let scheme = "WECHATPAY2-SHA256-RSA2048"
    let mchid: String
    let merchantSerial: String
    let merchantPublicKey: RSAPublicKey
    let maxClockSkew: TimeInterval
    let clock: @Sendable () -> Date

    /// The authorised mchid, or the `SIGN_ERROR` naming the first check that failed.
    func authenticate(method: String, canonicalURL: String, headers: HTTPHeaders, body: Data) -> Result<String, PlatformError> {
        func fail(_ message: String) -> Result<String, PlatformError> {
            .failure(PlatformError(status: 401, code: "SIGN_ERROR", message: message))
        }
        guard let header = headers["Authorization"], !header.isEmpty else { return fail("Authorization header is missing") }
        guard header.hasPrefix(Self.scheme + " ") else {
            let given = header.prefix { $0 != " " }
            return fail("Authorization scheme \"\(given)\" is not \(Self.scheme)")
        }
        guard let parsed = try? AuthorizationHeader.parse(header) else {
            return fail("Authorization header is malformed: expected mchid, nonce_str, timestamp, serial_no and signature as key=\"value\"")
        }
        guard parsed.mchid == mchid else { return fail("mchid \(parsed.mchid) in Authorization is not this merchant (\(mchid))") }
        guard parsed.serialNumber.caseInsensitiveCompare(merchantSerial) == .orderedSame else {
            return fail("serial_no \(parsed.serialNumber) is not the serial of the merchant API certificate")
        }
        guard !parsed.nonce.isEmpty else { return fail("nonce_str is empty") }
        let timestampText = "\(parsed.timestamp)"
        guard let timestamp = Int(timestampText) else { return fail("timestamp \"\(timestampText)\" is not Unix seconds") }
        let skew = abs(clock().timeIntervalSince1970 - TimeInterval(timestamp))
        guard skew < maxClockSkew else {
            return fail("timestamp \(timestamp) is \(Int(skew)) s away from the platform clock (must be within \(Int(maxClockSkew)) s)")
        }
        guard let signature = Data(base64Encoded: parsed.signature) else { return fail("signature is not Base64") }
        var message = Data("\(method)\n\(canonicalURL)\n\(timestampText)\n\(parsed.nonce)\n".utf8)
        message.append(body)
        message.append(0x0A)
        guard merchantPublicKey.verifySHA256(signature: signature, data: message) else {
            return fail("signature does not verify over \"\(method)\\n\(canonicalURL)\\n\(timestampText)\\n\(parsed.nonce)\\n<body>\\n\" with the merchant certificate \(merchantSerial)")
        }
        return .success(parsed.mchid)
    }
}
