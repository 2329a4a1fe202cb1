import Foundation

/// A strict JSON reader over UTF-8 bytes, for the hot path of notification decoding.
///
/// Why: Foundation's `JSONDecoder` took about 50 µs of CPU for an envelope and a transaction here, two and a
/// half times one RSA-2048 verification (callgrind profile in docs/performance-ingest.md). This reader walks the
/// bytes once and allocates only the strings it returns. It accepts only valid JSON (RFC 8259 grammar, valid
/// UTF-8, no lone surrogates, one top-level value); callers treat any `JSONReader.Failure` as "not for the fast
/// path" and decode with `JSONDecoder` instead, so the results and errors seen outside stay JSONDecoder's.
struct JSONReader {
    struct Failure: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    /// Runs `body` with a reader over `data`, then requires that nothing but whitespace follows.
    static func read<T>(_ data: Data, _ body: (inout JSONReader) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: raw.bindMemory(to: UInt8.self))
            let value = try body(&reader)
            reader.skipWhitespace()
            guard reader.position == reader.bytes.count else { throw Failure() }
            return value
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: - Objects

    /// Reads an object; `field` gets each key (raw bytes, no escapes allowed in keys) and must read its value.
    mutating func readObject(_ field: (UnsafeBufferPointer<UInt8>, inout JSONReader) throws -> Void) throws {
        depth += 1
        guard depth < 64 else { throw Failure() }
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readKey()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try field(key, &self)
            skipWhitespace()
            guard let next = next() else { throw Failure() }
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else { throw Failure() }
        }
        depth -= 1
    }

    /// A key's bytes; keys with escapes are left to JSONDecoder.
    private mutating func readKey() throws -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = position
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<index])
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { throw Failure() }
            index += 1
        }
        throw Failure()
    }

    // MARK: - Values

    /// A string value (escapes decoded).
    mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        // A ciphertext is ~1.3 KB: stepping with `next()` and a switch per byte was the largest cost of decoding
        // after RSA in the notify profile. Plain ASCII is skipped eight bytes at a time, then one tight pass over
        // an index; `ored` tells an ASCII-only string, which needs no UTF-8 validation.
        var index = skipPlainASCII(from: position)
        var ored: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if ored < 0x80 { return String(decoding: text, as: UTF8.self) }
                guard let text = String(validating: text, as: UTF8.self) else { throw Failure() }
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try readEscapedString()
            }
            guard byte >= 0x20 else { throw Failure() }
            ored |= byte
            index += 1
        }
        throw Failure()
    }

    /// The index of the first eight-byte word at or after `start` that may hold a quote, a backslash, a control
    /// character or a non-ASCII byte (SWAR: the "has a zero byte" test of each word against each stop class).
    /// Bytes before it need no check; the caller examines the rest one by one.
    private func skipPlainASCII(from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            let stops =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | (word &- ones &* 0x20) | word
            if stops & highs != 0 { break }
            index += 8
        }
        return index
    }

    /// The slow half of `readString`: from just after the opening quote, with escapes.
    private mutating func readEscapedString() throws -> String {
        var utf8: [UInt8] = []
        while let byte = next() {
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw Failure() }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = next() else { throw Failure() }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else { throw Failure() }
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Failure() }
                    utf8.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    throw Failure()
                }
            case 0..<0x20:
                throw Failure()
            default:
                utf8.append(byte)
            }
        }
        throw Failure()
    }

    private mutating func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next() else { throw Failure() }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Failure()
            }
            value = value << 4 | digit
        }
        return value
    }

    /// A string, or nil for `null`.
    mutating func readOptionalString() throws -> String? {
        try readNull() ? nil : readString()
    }

    /// An integer written without fraction or exponent (others are left to JSONDecoder).
    mutating func readInt() throws -> Int {
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        let start = position
        var value = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw Failure() }
            value = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { throw Failure() }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw Failure()
        }
        return negative ? -value : value
    }

    /// An integer, or nil for `null`.
    mutating func readOptionalInt() throws -> Int? {
        try readNull() ? nil : readInt()
    }

    /// Consumes `null` if it is next.
    mutating func readNull() throws -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectWord("null")
        return true
    }

    /// Skips any value, checking its syntax.
    mutating func skipValue() throws {
        guard let byte = peek() else { throw Failure() }
        switch byte {
        case UInt8(ascii: "{"):
            try readObject { _, reader in try reader.skipValue() }
        case UInt8(ascii: "["):
            depth += 1
            guard depth < 64 else { throw Failure() }
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
            } else {
                while true {
                    skipWhitespace()
                    try skipValue()
                    skipWhitespace()
                    guard let next = next() else { throw Failure() }
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { throw Failure() }
                }
            }
            depth -= 1
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "t"): try expectWord("true")
        case UInt8(ascii: "f"): try expectWord("false")
        case UInt8(ascii: "n"): try expectWord("null")
        default: try skipNumber()
        }
    }

    /// Any JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func skipNumber() throws {
        if peek() == UInt8(ascii: "-") { position += 1 }
        let start = position
        skipDigits()
        guard position > start, !(position - start > 1 && bytes[start] == UInt8(ascii: "0")) else { throw Failure() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            let fraction = position
            skipDigits()
            guard position > fraction else { throw Failure() }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            let exponent = position
            skipDigits()
            guard position > exponent else { throw Failure() }
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
    }

    // MARK: - Bytes

    private mutating func expectWord(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
            memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw Failure() }
        position += count
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard next() == byte else { throw Failure() }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func next() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// True when these bytes are exactly `name` (a JSON key comparison without building a String).
    func `is`(_ name: StaticString) -> Bool {
        count == name.utf8CodeUnitCount && (count == 0 || memcmp(baseAddress!, name.utf8Start, count) == 0)
    }
}
