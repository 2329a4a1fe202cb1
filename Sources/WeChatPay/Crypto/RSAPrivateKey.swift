import COpenSSL
import Foundation

/// An RSA private key (the merchant API key, or the platform key in the simulator) for SHA256withRSA and OAEP.
///
/// Wraps an `EVP_PKEY`; `@unchecked Sendable` because the key is never modified after init and OpenSSL 3
/// allows concurrent read-only use of one `EVP_PKEY` (every operation creates its own context).
/// Its description never shows key material.
public final class RSAPrivateKey: @unchecked Sendable, CustomStringConvertible {
    let key: OpaquePointer
    /// The matching public key.
    public let publicKey: RSAPublicKey

    private init(owning key: OpaquePointer) throws {
        do {
            try PEM.requireStrongRSA(key)
            publicKey = try RSAPublicKey(owning: try RSAPublicKey.publicOnlyCopy(of: key))
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.key = key
    }

    /// Loads a PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY` PEM (unencrypted, RSA, at least 2048 bits).
    public convenience init(pem: String) throws {
        try PEM.requireLabel(pem, accepted: ["PRIVATE KEY", "RSA PRIVATE KEY"])
        try self.init(owning: try PEM.decodeKey(pem, selection: copenssl_selection_keypair()))
    }

    deinit { EVP_PKEY_free(key) }

    /// A fresh RSA key of `bits` bits (public exponent 65537).
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey {
        guard bits >= 2048 else { throw CryptoError.weakKey(bits: bits) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw CryptoError.lastOpenSSL("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
            EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
            EVP_PKEY_generate(context, &key) == 1,
            let key
        else { throw CryptoError.lastOpenSSL("RSA key generation") }
        return try RSAPrivateKey(owning: key)
    }

    public var description: String { "RSAPrivateKey(\(bits) bits)" }

    /// Modulus size in bits.
    public var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// The key as an unencrypted PKCS#8 `PRIVATE KEY` PEM (for files of mode 0600 only).
    public var pkcs8PEM: String {
        (try? PEM.write("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }) ?? ""
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 (WeChat Pay's SHA256withRSA) over `data`.
    public func signSHA256(_ data: some DataProtocol) throws -> Data {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.lastOpenSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            throw CryptoError.lastOpenSSL("EVP_DigestSignInit")
        }
        let message = Array(data)
        var length = 0
        guard EVP_DigestSign(context, nil, &length, message, message.count) == 1 else {
            throw CryptoError.lastOpenSSL("EVP_DigestSign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
            throw CryptoError.lastOpenSSL("EVP_DigestSign")
        }
        return Data(signature.prefix(length))
    }

    /// RSA-OAEP (SHA-1, MGF1-SHA-1) decryption; a wrong key or damaged input is `.authenticationFailed`.
    public func decryptOAEP(_ data: Data) throws -> Data {
        try RSAOperation.run(key: key, encrypt: false, input: data)
    }
}
