import Foundation

/// Signs responses and notifications as WeChat Pay does (used by the simulator and by tests).
public struct PlatformSigner: Sendable {
    /// The platform certificate serial or `PUB_KEY_ID_…` announced in `Wechatpay-Serial`.
    public let serial: String
    private let privateKey: RSAPrivateKey

    public init(serial: String, privateKey: RSAPrivateKey) {
        self.serial = serial
        self.privateKey = privateKey
    }

    /// Base64 SHA256withRSA signature over `timestamp\nnonce\nbody\n`.
    public func signature(timestamp: String, nonce: String, body: Data) throws -> String {
        try privateKey.signSHA256(ResponseVerifier.message(timestamp: timestamp, nonce: nonce, body: body))
            .base64EncodedString()
    }

    /// The `Wechatpay-*` and `Request-ID` headers of a signed answer or notification carrying `body`.
    public func signedHeaders(body: Data, timestamp: Int? = nil, nonce: String? = nil, requestID: String? = nil)
        throws -> HTTPHeaders
    {
        let time = String(timestamp ?? Int(Date().timeIntervalSince1970))
        let nonce = nonce ?? Nonce.make(length: 32)
        return HTTPHeaders([
            ("Wechatpay-Timestamp", time),
            ("Wechatpay-Nonce", nonce),
            ("Wechatpay-Signature", try signature(timestamp: time, nonce: nonce, body: body)),
            ("Wechatpay-Serial", serial),
            ("Wechatpay-Signature-Type", ResponseVerifier.signatureType),
            ("Request-ID", requestID ?? Data.random(count: 16).hexString.uppercased()),
        ])
    }
}
