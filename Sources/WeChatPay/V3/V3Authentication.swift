import Foundation

/// Produces the `Authorization` header of a v3 request (implemented by `RequestSigner`).
public protocol RequestAuthorizing: Sendable {
    /// `canonicalURL` is the path plus `?query` exactly as sent; `body` the exact bytes sent (empty for GET).
    func authorization(method: String, canonicalURL: String, body: Data) throws -> String
    /// The merchant id the header names (`sp_mchid` in partner mode).
    var mchid: String { get }
    /// Base64 SHA256withRSA signature of `message` with the merchant key (JSAPI/APP invoke `paySign`).
    func sign(message: Data) throws -> String
}

/// Verifies a signed v3 response or notification (implemented by `ResponseVerifier`).
public protocol ResponseValidating: Sendable {
    /// Throws a `SignatureVerificationError`-style error unless `Wechatpay-Signature` over
    /// `timestamp\nnonce\nbody\n` verifies with the key named by `Wechatpay-Serial`, within 5 minutes of now.
    func validate(headers: HTTPHeaders, body: Data) async throws
    /// The serial the client announces in `Wechatpay-Serial` on requests (public key id or newest certificate serial).
    func preferredSerial() async -> String?
}
