import COpenSSL
import Foundation

/// AES-GCM with a 16-byte tag appended to the ciphertext, for 16-, 24- or 32-byte keys.
///
/// Only for generic checks (the Go SDK vectors use 16-byte keys); WeChat Pay itself uses `AEADAES256GCM`.
public enum AESGCM {
    static let tagLength = 16

    /// Decrypts base64(ciphertext ‖ tag) with the UTF-8 bytes of `nonce` and `associatedData`.
    public static func decrypt(
        ciphertextBase64: String, key: some DataProtocol, nonce: String, associatedData: String
    ) throws -> Data {
        let keyBytes = try checkedKey(key, allowed: [16, 24, 32])
        guard let sealed = Base64.decode(ciphertextBase64) else { throw CryptoError.invalidBase64 }
        return try open(sealed: sealed, key: keyBytes, nonce: nonce, associatedData: associatedData)
    }

    /// Encrypts and returns base64(ciphertext ‖ tag).
    public static func encrypt(
        plaintext: some DataProtocol, key: some DataProtocol, nonce: String, associatedData: String
    ) throws -> String {
        let keyBytes = try checkedKey(key, allowed: [16, 24, 32])
        return try seal(plaintext: Array(plaintext), key: keyBytes, nonce: nonce, associatedData: associatedData)
            .base64EncodedString()
    }

    /// The key bytes, or `.wrongKeySize` naming the largest allowed size.
    static func checkedKey(_ key: some DataProtocol, allowed: [Int]) throws -> [UInt8] {
        let bytes = Array(key)
        guard allowed.contains(bytes.count) else {
            throw CryptoError.wrongKeySize(expected: allowed.max() ?? 32, actual: bytes.count)
        }
        return bytes
    }

    /// Ciphers fetched once. With OpenSSL 3, handing the legacy `EVP_aes_*_gcm()` to `EVP_CipherInit_ex` looks the
    /// implementation up again on every call (provider query under a lock), which showed in the notification
    /// profile; a fetched `EVP_CIPHER` is used as is. Never freed: they live as long as the process.
    nonisolated(unsafe) private static let aes128 = EVP_CIPHER_fetch(nil, "AES-128-GCM", nil)
    nonisolated(unsafe) private static let aes192 = EVP_CIPHER_fetch(nil, "AES-192-GCM", nil)
    nonisolated(unsafe) private static let aes256 = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil)

    private static func cipher(forKeyLength length: Int) -> OpaquePointer? {
        switch length {
        case 16: aes128 ?? EVP_aes_128_gcm()
        case 24: aes192 ?? EVP_aes_192_gcm()
        default: aes256 ?? EVP_aes_256_gcm()
        }
    }

    /// Starts a GCM context with key, nonce and associated data fed in.
    private static func makeContext(
        encrypting: Bool, key: [UInt8], nonce: String, associatedData: String
    ) throws -> OpaquePointer {
        let iv = Array(nonce.utf8)
        guard !iv.isEmpty else { throw CryptoError.invalidNonce }
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.lastOpenSSL("EVP_CIPHER_CTX_new") }
        let aad = Array(associatedData.utf8)
        var ignored: Int32 = 0
        let ready =
            EVP_CipherInit_ex(context, cipher(forKeyLength: key.count), nil, nil, nil, encrypting ? 1 : 0) == 1
            && EVP_CIPHER_CTX_ctrl(context, copenssl_gcm_set_iv_length(), Int32(iv.count), nil) == 1
            && EVP_CipherInit_ex(context, nil, nil, key, iv, encrypting ? 1 : 0) == 1
            && (aad.isEmpty || EVP_CipherUpdate(context, nil, &ignored, aad, Int32(aad.count)) == 1)
        guard ready else {
            EVP_CIPHER_CTX_free(context)
            throw CryptoError.lastOpenSSL("AES-GCM setup")
        }
        return context
    }

    static func open(sealed: [UInt8], key: [UInt8], nonce: String, associatedData: String) throws -> Data {
        guard sealed.count >= tagLength else { throw CryptoError.truncatedCiphertext }
        let context = try makeContext(encrypting: false, key: key, nonce: nonce, associatedData: associatedData)
        defer { EVP_CIPHER_CTX_free(context) }
        let bodyCount = sealed.count - tagLength
        var tag = Array(sealed.suffix(tagLength))
        var out = [UInt8](repeating: 0, count: bodyCount + tagLength)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let opened =
            (bodyCount == 0 || sealed.withUnsafeBufferPointer { body in
                EVP_CipherUpdate(context, &out, &written, body.baseAddress, Int32(bodyCount)) == 1
            })
            && EVP_CIPHER_CTX_ctrl(context, copenssl_gcm_set_tag(), Int32(tagLength), &tag) == 1
            && out.withUnsafeMutableBufferPointer { buffer in
                EVP_CipherFinal_ex(context, buffer.baseAddress.map { $0 + Int(written) }, &finalWritten) == 1
            }
        guard opened else {
            ERR_clear_error()
            throw CryptoError.authenticationFailed
        }
        return Data(out.prefix(Int(written + finalWritten)))
    }

    static func seal(plaintext: [UInt8], key: [UInt8], nonce: String, associatedData: String) throws -> Data {
        let context = try makeContext(encrypting: true, key: key, nonce: nonce, associatedData: associatedData)
        defer { EVP_CIPHER_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        var tag = [UInt8](repeating: 0, count: tagLength)
        let sealed =
            (plaintext.isEmpty || EVP_CipherUpdate(context, &out, &written, plaintext, Int32(plaintext.count)) == 1)
            && out.withUnsafeMutableBufferPointer { buffer in
                EVP_CipherFinal_ex(context, buffer.baseAddress.map { $0 + Int(written) }, &finalWritten) == 1
            }
            && EVP_CIPHER_CTX_ctrl(context, copenssl_gcm_get_tag(), Int32(tagLength), &tag) == 1
        guard sealed else { throw CryptoError.lastOpenSSL("AES-GCM encryption") }
        return Data(out.prefix(Int(written + finalWritten))) + Data(tag)
    }
}

/// WeChat Pay's `AEAD_AES_256_GCM`: AES-256-GCM under the 32-byte APIv3 key, for notification resources and
/// `/v3/certificates`. Nonce and associated data are the UTF-8 bytes of the JSON strings.
public enum AEADAES256GCM {
    /// The algorithm name as it appears in JSON (`resource.algorithm`, `encrypt_certificate.algorithm`).
    public static let algorithmName = "AEAD_AES_256_GCM"

    /// Decrypts base64(ciphertext ‖ 16-byte tag); the key must be exactly 32 bytes.
    public static func decrypt(
        ciphertextBase64: String, key: some DataProtocol, nonce: String, associatedData: String
    ) throws -> Data {
        let keyBytes = try AESGCM.checkedKey(key, allowed: [32])
        guard let sealed = Base64.decode(ciphertextBase64) else { throw CryptoError.invalidBase64 }
        return try AESGCM.open(sealed: sealed, key: keyBytes, nonce: nonce, associatedData: associatedData)
    }

    /// Encrypts and returns base64(ciphertext ‖ tag); the key must be exactly 32 bytes.
    public static func encrypt(
        plaintext: some DataProtocol, key: some DataProtocol, nonce: String, associatedData: String
    ) throws -> String {
        let keyBytes = try AESGCM.checkedKey(key, allowed: [32])
        return try AESGCM.seal(plaintext: Array(plaintext), key: keyBytes, nonce: nonce, associatedData: associatedData)
            .base64EncodedString()
    }
}
