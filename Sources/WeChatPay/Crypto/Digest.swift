import COpenSSL
import Foundation

/// Message digests and HMAC over OpenSSL's EVP interface.
public enum Digest {
    public static func md5(_ data: some DataProtocol) -> Data { evp(EVP_md5(), data) }
    public static func sha1(_ data: some DataProtocol) -> Data { evp(EVP_sha1(), data) }
    public static func sha256(_ data: some DataProtocol) -> Data { evp(EVP_sha256(), data) }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: some DataProtocol, data: some DataProtocol) -> Data {
        let keyBytes = Array(key)
        let dataBytes = Array(data)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), keyBytes, Int32(keyBytes.count), dataBytes, dataBytes.count, &out, &length)
        return Data(out.prefix(Int(length)))
    }

    private static func evp(_ md: OpaquePointer?, _ data: some DataProtocol) -> Data {
        let bytes = Array(data)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &out, &length, md, nil)
        return Data(out.prefix(Int(length)))
    }
}

extension Data {
    /// Lower-case hexadecimal.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes from OpenSSL's CSPRNG.
    public static func random(count: Int) -> Data {
        var bytes = [UInt8](repeating: 0, count: count)
        precondition(RAND_bytes(&bytes, Int32(count)) == 1, "OpenSSL RAND_bytes failed")
        return Data(bytes)
    }
}

/// Random strings for nonces and identifiers.
public enum Nonce {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `length` characters of `[0-9A-Za-z]` drawn without modulo bias.
    public static func make(length: Int = 32) -> String {
        var out = [UInt8]()
        out.reserveCapacity(length)
        while out.count < length {
            for byte in Data.random(count: length * 2) where byte < 248 && out.count < length {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
