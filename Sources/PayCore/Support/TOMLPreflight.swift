/// Finds what must not reach TOMLKit's parser (toml++ 3), which checks some malformed input with assertions instead
/// of reporting a syntax error: debug builds abort, and so do SwiftPM's release builds, which keep C++ assertions on
/// (`paydesk config check` aborted on such a file). Found by the Configuration fuzz target (docs/hardening.md):
/// - a table header whose key starts with a character that can start no key, such as `[=]`, `[é]` or a `[` at the end
///   of a line;
/// - a `}` inside an array, such as `a = [}]` or `a = [1,\n}]` (toml++ asserts when it stands where a value should);
/// - a date, a space and one digit, such as `a = 1979-05-27 1` (toml++ takes the space for a date-time's `T`, reads
///   the digit and asserts on what ends the value).
/// All are invalid TOML everywhere, so refusing them loses nothing.
public enum TOMLPreflight {
    /// What to tell the user about a header `firstProblem` finds.
    public static let badHeaderMessage = "a table header must start with a key (letters, digits, _ or -, or a quoted key)"
    /// What to tell the user about a `}` inside an array.
    public static let braceInArrayMessage = "'}' inside an array (an array ends with ']')"
    /// What to tell the user about a date followed by a space and a lone digit.
    public static let dateSpaceDigitMessage = "a date and a time are separated by T or one space, and the time is HH:MM:SS"

    /// Something toml++ cannot be given: its 1-based line, and what is wrong there.
    public struct Problem: Equatable, Sendable {
        public let line: Int
        public let message: String
    }

    /// The first thing toml++ cannot be given, or nil.
    ///
    /// Scans the text as toml++ sees it (up to the first NUL, since it gets a C string, and after a UTF-8 byte order
    /// mark, which it skips) and tracks strings, comments and the arrays and inline tables open in values, so a `[`
    /// inside a value is not taken for a header.
    public static func firstProblem(in text: String) -> Problem? {
        let bytes = Array(text.utf8.prefix { $0 != 0 })
        // The first statement starts after a BOM. Files read with `String(contentsOfFile:)` lose theirs, but text
        // handed over otherwise keeps it: the fuzz target's second crash was `[!…` behind a BOM, taken for a value.
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var open: [UInt8] = []  // the `[` and `{` of values not closed yet, innermost last
        var atStatementStart = true
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                if open.isEmpty { atStatementStart = true }
                index += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                atStatementStart = false
                index = skipString(bytes, from: index, line: &line)
            case UInt8(ascii: "[") where atStatementStart && open.isEmpty:
                atStatementStart = false
                var next = index + 1
                let leadingSpace = skipBlanks(bytes, &next)
                if !leadingSpace, next < bytes.count, bytes[next] == UInt8(ascii: "[") {
                    next += 1
                    _ = skipBlanks(bytes, &next)
                }
                guard next < bytes.count else { return nil }
                let first = bytes[next]
                guard first == UInt8(ascii: "]") || isBareKeyByte(first) || first == UInt8(ascii: "\"")
                    || first == UInt8(ascii: "'")
                else { return Problem(line: line, message: badHeaderMessage) }
                index = next
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                atStatementStart = false
                open.append(byte)
                index += 1
            case UInt8(ascii: "}") where open.last == UInt8(ascii: "["):
                return Problem(line: line, message: braceInArrayMessage)
            case UInt8(ascii: "0")...UInt8(ascii: "9") where !atStatementStart && isDateSpaceDigit(bytes, at: index):
                return Problem(line: line, message: dateSpaceDigitMessage)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                // A mismatched or unopened closer is a syntax error toml++ reports itself.
                _ = open.popLast()
                index += 1
            default:
                atStatementStart = false
                index += 1
            }
        }
        return nil
    }

    /// Whether a value starting at `start` is what toml++ asserts on: ten characters that end no value (code points,
    /// underscores not counted, as toml++ skips them), the first a digit and the fifth and eighth `-`, then one space,
    /// one digit and a character that ends a value. toml++ reads such ten characters as a date (whatever the others
    /// are: `1026-02-` and two U+FFFD did it) and the digit as the start of its time. Only a value's first character
    /// is checked; inside a longer run this is no value's start.
    private static func isDateSpaceDigit(_ bytes: [UInt8], at start: Int) -> Bool {
        let valueStarts: [UInt8] = [UInt8(ascii: "="), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: "{")]
        if start > 0, !endsValue(bytes[start - 1]), !valueStarts.contains(bytes[start - 1]) { return false }
        var characters: [UInt8] = []  // each code point's first byte
        var index = start
        while index < bytes.count, !endsValue(bytes[index]) {
            if bytes[index] != UInt8(ascii: "_"), bytes[index] & 0xC0 != 0x80 { characters.append(bytes[index]) }
            index += 1
        }
        return characters.count == 10 && characters[4] == UInt8(ascii: "-") && characters[7] == UInt8(ascii: "-")
            && index + 2 < bytes.count && bytes[index] == UInt8(ascii: " ") && isDigit(bytes[index + 1])
            && endsValue(bytes[index + 2])
    }

    /// toml++'s value terminators: whitespace, line breaks, `]`, `}`, `,` and `#`.
    private static func endsValue(_ byte: UInt8) -> Bool {
        [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "]"),
         UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: "#")].contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Skips spaces and tabs; true when there were any.
    private static func skipBlanks(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        let start = index
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index > start
    }

    /// The index after the string starting at `start` (basic or literal, one-line or multi-line), counting lines.
    private static func skipString(_ bytes: [UInt8], from start: Int, line: inout Int) -> Int {
        let quote = bytes[start]
        let escapes = quote == UInt8(ascii: "\"")
        let multiLine = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
        var index = start + (multiLine ? 3 : 1)
        while index < bytes.count {
            let byte = bytes[index]
            if escapes && byte == UInt8(ascii: "\\") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { line += 1 }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\n") {
                guard multiLine else { return index }  // an unterminated string ends at the line; toml++ reports it
                line += 1
            }
            if byte == quote {
                if !multiLine { return index + 1 }
                if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote { return index + 3 }
            }
            index += 1
        }
        return index
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
