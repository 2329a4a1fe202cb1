import COpenSSL

/// Every failure of the cryptographic layer, typed so callers never see a crash on bad input.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedPEM(String)
    case unsupportedKey(String)
    case wrongKeySize(expected: Int, actual: Int)
    case invalidBase64
    case truncatedCiphertext
    case authenticationFailed
    case signatureInvalid
    case openssl(String)
    /// The PEM block is of another kind than the call accepts (the found label, e.g. `CERTIFICATE`).
    case unexpectedPEMType(String)
    /// An RSA key shorter than WeChat Pay's 2048-bit minimum.
    case weakKey(bits: Int)
    /// A certificate serial number that is not hexadecimal.
    case invalidSerialNumber(String)
    /// An empty AEAD nonce.
    case invalidNonce

    public var description: String {
        switch self {
        case .malformedPEM(let why): "malformed PEM: \(why)"
        case .unsupportedKey(let why): "unsupported key: \(why)"
        case .wrongKeySize(let expected, let actual): "wrong key size: expected \(expected) bytes, got \(actual)"
        case .invalidBase64: "invalid base64"
        case .truncatedCiphertext: "ciphertext too short"
        case .authenticationFailed: "AEAD authentication failed (wrong key, nonce, associated data or tampered ciphertext)"
        case .signatureInvalid: "signature does not verify"
        case .openssl(let message): "OpenSSL: \(message)"
        case .unexpectedPEMType(let label): "unexpected PEM type \(label)"
        case .weakKey(let bits): "RSA key of \(bits) bits is too short (2048 required)"
        case .invalidSerialNumber(let serial): "invalid certificate serial number \(serial)"
        case .invalidNonce: "empty AEAD nonce"
        }
    }

    /// The most recent OpenSSL error queue entry as text (the queue is cleared).
    static func lastOpenSSL(_ context: String) -> CryptoError {
        var message = context
        let code = ERR_get_error()
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            message += ": " + String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        ERR_clear_error()
        return .openssl(message)
    }
}
