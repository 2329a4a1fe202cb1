import COpenSSL
import Foundation

/// An RSA public key (WeChat Pay platform key, merchant certificate key) for SHA256withRSA verification and OAEP.
///
/// Wraps an `EVP_PKEY`; `@unchecked Sendable` because the key is never modified after init and OpenSSL 3
/// allows concurrent read-only use of one `EVP_PKEY` (every operation creates its own context).
public final class RSAPublicKey: @unchecked Sendable {
    let key: OpaquePointer
    /// A verification context initialised once (SHA-256, this key) and copied for every verification: in
    /// OpenSSL 3 `EVP_DigestVerifyInit` fetches the algorithms and builds a provider context each time, which
    /// cost about a fifth of a whole RSA-2048 verification (docs/performance.md). Copying reads the template
    /// only, so concurrent verifications share it. Nil if it could not be made (verification then initialises).
    private let verifyTemplate: OpaquePointer?

    /// Takes ownership of `key` after checking it is RSA of at least 2048 bits.
    init(owning key: OpaquePointer) throws {
        do {
            try PEM.requireStrongRSA(key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.key = key
        verifyTemplate = Self.makeVerifyTemplate(key)
    }

    /// Loads an SPKI `PUBLIC KEY`, a PKCS#1 `RSA PUBLIC KEY` or the key of a `CERTIFICATE` PEM.
    public convenience init(pem: String) throws {
        let label = try PEM.requireLabel(pem, accepted: ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"])
        if label == "CERTIFICATE" {
            let certificate = try X509Certificate(pem: pem)
            try self.init(owning: try certificate.publicKey.copyKey())
        } else {
            try self.init(owning: try PEM.decodeKey(pem, selection: copenssl_selection_public_key()))
        }
    }

    deinit {
        EVP_MD_CTX_free(verifyTemplate)
        EVP_PKEY_free(key)
    }

    private static func makeVerifyTemplate(_ key: OpaquePointer) -> OpaquePointer? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestVerifyInit(context, nil, sha256 ?? EVP_sha256(), nil, key) == 1 else {
            ERR_clear_error()
            EVP_MD_CTX_free(context)
            return nil
        }
        return context
    }

    /// Modulus size in bits.
    public var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// The key as an SPKI `PUBLIC KEY` PEM.
    public var spkiPEM: String {
        (try? PEM.write("PEM_write_bio_PUBKEY") { PEM_write_bio_PUBKEY($0, key) }) ?? ""
    }

    /// True when both wrap the same public key (modulus and exponent).
    public func isSameKey(as other: RSAPublicKey) -> Bool {
        EVP_PKEY_eq(key, other.key) == 1
    }

    /// SHA-256 fetched once: OpenSSL 3 looks a legacy `EVP_sha256()` up again in every `EVP_DigestVerifyInit`.
    nonisolated(unsafe) static let sha256 = EVP_MD_fetch(nil, "SHA256", nil)

    /// Checks a RSASSA-PKCS1-v1_5 SHA-256 signature over `data`.
    public func verifySHA256(signature: Data, data: some DataProtocol) -> Bool {
        withVerifyContext { context in
            // Contiguous bytes are passed as they are; only a non-contiguous DataProtocol is copied.
            signature.withUnsafeBytes { signatureBytes in
                data.withContiguousStorageIfAvailable { message in
                    EVP_DigestVerify(context, signatureBytes.baseAddress, signatureBytes.count, message.baseAddress, message.count)
                } ?? Array(data).withUnsafeBufferPointer { message in
                    EVP_DigestVerify(context, signatureBytes.baseAddress, signatureBytes.count, message.baseAddress, message.count)
                }
            }
        }
    }

    /// Checks a signature over the concatenation of `parts` without joining them: a notification's signed
    /// message is two short header lines and a ~1.5 KB body, and copying it showed in the notify profile.
    public func verifySHA256(signature: Data, parts: [Data]) -> Bool {
        withVerifyContext { context in
            for part in parts {
                let updated = part.withUnsafeBytes { EVP_DigestVerifyUpdate(context, $0.baseAddress, $0.count) }
                guard updated == 1 else { return 0 }
            }
            return signature.withUnsafeBytes { EVP_DigestVerifyFinal(context, $0.baseAddress, $0.count) }
        }
    }

    /// Runs `verify` on a SHA-256 verification context for this key; true when it returns 1.
    private func withVerifyContext(_ verify: (OpaquePointer) -> Int32) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let ready =
            if let verifyTemplate { EVP_MD_CTX_copy_ex(context, verifyTemplate) }
            else { EVP_DigestVerifyInit(context, nil, Self.sha256 ?? EVP_sha256(), nil, key) }
        guard ready == 1 else {
            ERR_clear_error()
            return false
        }
        let result = verify(context)
        if result != 1 { ERR_clear_error() }
        return result == 1
    }

    /// RSA-OAEP (SHA-1, MGF1-SHA-1) encryption, as WeChat Pay uses for sensitive request fields.
    public func encryptOAEP(_ data: Data) throws -> Data {
        try RSAOperation.run(key: key, encrypt: true, input: data)
    }

    /// A new `EVP_PKEY` holding only the public half (for another owner).
    func copyKey() throws -> OpaquePointer {
        try RSAPublicKey.publicOnlyCopy(of: key)
    }

    /// Round-trips the public half through SPKI DER so the copy carries no private material.
    static func publicOnlyCopy(of key: OpaquePointer) throws -> OpaquePointer {
        var der: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(key, &der)
        guard length > 0, let der else { throw CryptoError.lastOpenSSL("i2d_PUBKEY") }
        defer { copenssl_free(der) }
        var cursor: UnsafePointer<UInt8>? = UnsafePointer(der)
        guard let copy = d2i_PUBKEY(nil, &cursor, Int(length)) else { throw CryptoError.lastOpenSSL("d2i_PUBKEY") }
        return copy
    }
}

/// RSA-OAEP with SHA-1 for both directions, over `EVP_PKEY_encrypt`/`EVP_PKEY_decrypt`.
enum RSAOperation {
    static func run(key: OpaquePointer, encrypt: Bool, input: Data) throws -> Data {
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw CryptoError.lastOpenSSL("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(context) }
        let initialized = encrypt ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context)
        guard initialized == 1,
            EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1,
            EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha1()) == 1,
            EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha1()) == 1
        else { throw CryptoError.lastOpenSSL("OAEP setup") }
        let bytes = Array(input)
        var length = 0
        let sized = encrypt
            ? EVP_PKEY_encrypt(context, nil, &length, bytes, bytes.count)
            : EVP_PKEY_decrypt(context, nil, &length, bytes, bytes.count)
        guard sized == 1 else { throw CryptoError.lastOpenSSL("OAEP size") }
        var out = [UInt8](repeating: 0, count: length)
        let done = encrypt
            ? EVP_PKEY_encrypt(context, &out, &length, bytes, bytes.count)
            : EVP_PKEY_decrypt(context, &out, &length, bytes, bytes.count)
        guard done == 1 else {
            ERR_clear_error()
            throw encrypt ? CryptoError.openssl("OAEP encryption failed") : CryptoError.authenticationFailed
        }
        return Data(out.prefix(length))
    }
}
