import COpenSSL
import Foundation

/// AES-256-ECB with PKCS#7 padding over OpenSSL, as API v2 uses for the refund notification `req_info`.
///
/// ECB leaks equal blocks and has no integrity: it exists here only because the legacy protocol requires it.
public enum AESECB {
    /// The only key size API v2 uses (the 32 ASCII characters of a lower-case hex MD5).
    public static let keySize = 32
    private static let blockSize = 16

    /// Decrypts `data` and removes the PKCS#7 padding.
    ///
    /// Throws `CryptoError.wrongKeySize` for a key that is not 32 bytes, `.truncatedCiphertext` for input that is
    /// empty or not a whole number of blocks, and `.openssl("bad padding")` when the padding does not check out
    /// (usually a wrong key).
    public static func decryptPKCS7(_ data: Data, key: some DataProtocol) throws -> Data {
        guard data.count >= blockSize, data.count % blockSize == 0 else { throw CryptoError.truncatedCiphertext }
        return try run(Array(data), key: Array(key), encrypt: false)
    }

    /// Pads `data` with PKCS#7 and encrypts it (the platform side of `req_info`, used by the simulator).
    public static func encryptPKCS7(_ data: Data, key: some DataProtocol) throws -> Data {
        try run(Array(data), key: Array(key), encrypt: true)
    }

    private static func run(_ input: [UInt8], key: [UInt8], encrypt: Bool) throws -> Data {
        guard key.count == keySize else { throw CryptoError.wrongKeySize(expected: keySize, actual: key.count) }
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError.lastOpenSSL("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex(context, EVP_aes_256_ecb(), nil, key, nil, encrypt ? 1 : 0) == 1 else {
            throw CryptoError.lastOpenSSL("EVP_CipherInit_ex")
        }
        var output = [UInt8](repeating: 0, count: input.count + blockSize)
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1 else {
            throw CryptoError.lastOpenSSL("EVP_CipherUpdate")
        }
        var finalWritten: Int32 = 0
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress.map { $0 + Int(written) }, &finalWritten)
        }
        guard finished == 1 else {
            // The only way a whole-block decryption fails here is a padding check.
            ERR_clear_error()
            throw encrypt ? CryptoError.openssl("EVP_CipherFinal_ex") : CryptoError.openssl("bad padding")
        }
        return Data(output.prefix(Int(written + finalWritten)))
    }
}
