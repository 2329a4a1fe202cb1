import Foundation

/// Strict base64 decoding (RFC 4648 §4: standard alphabet, padded to a multiple of four, no whitespace) for the
/// notification hot path: every delivery decodes a 344-character signature and a ~1.3 KB ciphertext.
///
/// Why not `Data(base64Encoded:)`: it was 6 % of the verifying threads in the ingest profile (docs/performance.md)
/// and it also accepts malformed text (`"QQ==="`, `"QU=D"`). What this accepts is a subset of what Foundation
/// accepts, with the same bytes (Base64Tests checks both on random and mutated input); like Foundation, non-zero
/// bits after the last full byte are ignored (`"QR=="` is `"A"`).
enum Base64 {
    /// The bytes `text` encodes, or nil when it is not strict base64.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// `decode` as `Data`.
    static func decodeData(_ text: String) -> Data? {
        decode(text).map { Data($0) }
    }

    static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        let count = input.count
        guard count % 4 == 0 else { return nil }
        guard count > 0 else { return [] }
        let padding = input[count - 1] != pad ? 0 : input[count - 2] != pad ? 1 : 2
        let decodedCount = count / 4 * 3 - padding
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: decodedCount) { output, initialized in
            table.withUnsafeBufferPointer { table in
                var out = 0
                var index = 0
                // Whole quads; the last one is handled below when it is padded.
                let fullQuads = padding == 0 ? count : count - 4
                while index < fullQuads {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = table[Int(input[index + 2])], d = table[Int(input[index + 3])]
                    if (a | b | c | d) & 0x80 != 0 {
                        failed = true
                        return
                    }
                    let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    output[out] = UInt8(truncatingIfNeeded: word >> 16)
                    output[out + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    output[out + 2] = UInt8(truncatingIfNeeded: word)
                    out += 3
                    index += 4
                }
                if padding > 0 {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = padding == 1 ? table[Int(input[index + 2])] : 0
                    if (a | b | c) & 0x80 != 0 {
                        failed = true
                        return
                    }
                    let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                    output[out] = UInt8(truncatingIfNeeded: word >> 16)
                    if padding == 1 { output[out + 1] = UInt8(truncatingIfNeeded: word >> 8) }
                    out += 3 - padding
                }
                initialized = out
            }
            if failed { initialized = 0 }
        }
        return failed ? nil : bytes
    }

    private static let pad = UInt8(ascii: "=")

    /// Each byte's 6-bit value, 0xFF for a byte outside the alphabet (`=` included: padding is handled apart).
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
