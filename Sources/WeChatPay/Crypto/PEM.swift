import COpenSSL
import Foundation

/// PEM text handling shared by the key and certificate types: label checks and memory BIOs.
enum PEM {
    /// The label of the first `-----BEGIN <label>-----` line, or nil when there is none.
    static func firstLabel(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-----BEGIN "), trimmed.hasSuffix("-----"), trimmed.count > 16 {
                return String(trimmed.dropFirst(11).dropLast(5))
            }
        }
        return nil
    }

    /// Returns the first block's label, throwing unless it is one of `accepted`.
    /// Encrypted legacy keys are refused here so that OpenSSL never asks for a passphrase.
    @discardableResult
    static func requireLabel(_ text: String, accepted: Set<String>) throws -> String {
        guard let label = firstLabel(in: text) else { throw CryptoError.malformedPEM("no PEM block found") }
        guard accepted.contains(label) else { throw CryptoError.unexpectedPEMType(label) }
        if text.contains("Proc-Type: 4,ENCRYPTED") {
            throw CryptoError.malformedPEM("encrypted keys are not supported")
        }
        return label
    }

    /// Runs `body` with a read-only memory BIO over the UTF-8 bytes of `text`.
    static func withReadBIO<T>(_ text: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                throw CryptoError.lastOpenSSL("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Collects what `write` puts into a fresh memory BIO as text; `write` returns OpenSSL's 1 on success.
    static func write(_ context: String, _ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.lastOpenSSL("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw CryptoError.lastOpenSSL(context) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = BIO_read(bio, &chunk, Int32(chunk.count))
            if read <= 0 { break }
            out.append(contentsOf: chunk.prefix(Int(read)))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes the first key of `text` (any PEM key structure OpenSSL knows) for `selection`.
    static func decodeKey(_ text: String, selection: Int32) throws -> OpaquePointer {
        var key: OpaquePointer?
        guard let context = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nil, nil, selection, nil, nil) else {
            throw CryptoError.lastOpenSSL("OSSL_DECODER_CTX_new_for_pkey")
        }
        defer { OSSL_DECODER_CTX_free(context) }
        let decoded = try withReadBIO(text) { OSSL_DECODER_from_bio(context, $0) }
        guard decoded == 1, let key else {
            ERR_clear_error()
            throw CryptoError.malformedPEM("cannot decode the key")
        }
        return key
    }

    /// Throws unless `key` is a plain RSA key of at least 2048 bits.
    static func requireStrongRSA(_ key: OpaquePointer) throws {
        guard EVP_PKEY_is_a(key, "RSA") == 1 else {
            let name = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
            throw CryptoError.unsupportedKey("\(name) key, RSA required")
        }
        let bits = Int(EVP_PKEY_get_bits(key))
        guard bits >= 2048 else { throw CryptoError.weakKey(bits: bits) }
    }
}
