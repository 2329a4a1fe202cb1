import Foundation

/// A minimal gzip writer (RFC 1952) using stored deflate blocks: valid for every gunzip, no zlib needed.
///
/// Bills are small; compression ratio does not matter to a simulator, only that the stream is real gzip.
enum Gzip {
    /// Wraps `data` in a gzip member made of stored (uncompressed) deflate blocks.
    static func wrap(_ data: Data) -> Data {
        var out = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let isLast = offset + length == bytes.count
            out.append(isLast ? 0x01 : 0x00)
            out.append(UInt8(length & 0xFF))
            out.append(UInt8(length >> 8))
            out.append(UInt8(~length & 0xFF))
            out.append(UInt8((~length >> 8) & 0xFF))
            out.append(contentsOf: bytes[offset..<offset + length])
            offset += length
        } while offset < bytes.count
        appendLittleEndian(crc32(bytes), to: &out)
        appendLittleEndian(UInt32(truncatingIfNeeded: bytes.count), to: &out)
        return out
    }

    /// Inflates a gzip member written by `wrap` (stored blocks only); nil for anything else.
    static func unwrapStored(_ data: Data) -> Data? {
        let bytes = [UInt8](data)
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 8, bytes[3] == 0 else { return nil }
        var index = 10
        var out = [UInt8]()
        while true {
            guard index + 5 <= bytes.count, bytes[index] & 0x06 == 0 else { return nil }
            let isLast = bytes[index] & 1 == 1
            let length = Int(bytes[index + 1]) | Int(bytes[index + 2]) << 8
            index += 5
            guard index + length <= bytes.count else { return nil }
            out.append(contentsOf: bytes[index..<index + length])
            index += length
            if isLast { break }
        }
        guard index + 8 == bytes.count else { return nil }
        let crc = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
        return crc == crc32(out) ? Data(out) : nil
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (IEEE 802.3), as gzip requires.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static func appendLittleEndian(_ value: UInt32, to out: inout Data) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
