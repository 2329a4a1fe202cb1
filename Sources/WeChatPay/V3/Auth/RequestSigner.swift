import Foundation

/// Signs v3 requests and client invoke parameters with the merchant API private key (SHA256withRSA).
public struct RequestSigner: RequestAuthorizing {
    public let mchid: String
    /// Serial of the merchant API certificate whose key signs (`serial_no`).
    public let serialNumber: String
    private let privateKey: RSAPrivateKey

    public init(mchid: String, serialNumber: String, privateKey: RSAPrivateKey) {
        self.mchid = mchid
        self.serialNumber = serialNumber
        self.privateKey = privateKey
    }

    /// The five LF-terminated lines that are signed: method, canonical URL, timestamp, nonce, body.
    public static func message(method: String, canonicalURL: String, timestamp: String, nonce: String, body: Data)
        -> Data
    {
        Data("\(method)\n\(canonicalURL)\n\(timestamp)\n\(nonce)\n".utf8) + body + Data("\n".utf8)
    }

    /// The five-line message with a numeric timestamp.
    public static func message(method: String, canonicalURL: String, timestamp: Int, nonce: String, body: Data)
        -> Data
    {
        message(method: method, canonicalURL: canonicalURL, timestamp: String(timestamp), nonce: nonce, body: body)
    }

    /// The `Authorization` header value for the given timestamp and nonce (deterministic, for tests).
    public func authorization(method: String, canonicalURL: String, body: Data, timestamp: Int, nonce: String)
        throws -> String
    {
        let message = Self.message(
            method: method, canonicalURL: canonicalURL, timestamp: timestamp, nonce: nonce, body: body)
        return AuthorizationHeader(
            mchid: mchid, nonce: nonce, timestamp: String(timestamp), serialNumber: serialNumber,
            signature: try sign(message: message)
        ).value
    }

    /// The `Authorization` header value stamped now with a fresh 32-character nonce.
    public func authorization(method: String, canonicalURL: String, body: Data) throws -> String {
        try authorization(
            method: method, canonicalURL: canonicalURL, body: body,
            timestamp: Int(Date().timeIntervalSince1970), nonce: Nonce.make(length: 32))
    }

    /// Base64 SHA256withRSA signature of `message`.
    public func sign(message: Data) throws -> String {
        try privateKey.signSHA256(message).base64EncodedString()
    }

    /// Checks a request's `Authorization` (scheme and signature) against the merchant's public key.
    /// Timestamp freshness and the serial/mchid lookup are the caller's business.
    public static func verify(
        authorization: AuthorizationHeader, method: String, canonicalURL: String, body: Data,
        publicKey: RSAPublicKey
    ) -> Bool {
        guard authorization.scheme == AuthorizationHeader.schemeName,
            let signature = Data(base64Encoded: authorization.signature)
        else { return false }
        let message = message(
            method: method, canonicalURL: canonicalURL, timestamp: authorization.timestamp,
            nonce: authorization.nonce, body: body)
        return publicKey.verifySHA256(signature: signature, data: message)
    }
}
