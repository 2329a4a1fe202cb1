/// A cursor over the bytes of one flat v2 document; `XMLCodec.decode` is its only user.
struct FlatXMLParser {
    private let bytes: [UInt8]
    private var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `[<?xml …?>] <root> (<key>value</key>)* </root>`, whitespace and comments between elements.
    mutating func parseDocument() throws -> [String: String] {
        skip(Array("\u{FEFF}".utf8))
        skipWhitespace()
        if starts(with: "<?") {
            guard starts(with: "<?xml"), let next = byte(at: position + 5), isWhitespace(next) || next == UInt8(ascii: "?") else {
                throw XMLCodecError.malformed("processing instruction")
            }
            try skipPast("?>", what: "XML declaration")
        }
        try skipMisc()
        let root = try openTag()
        guard !root.selfClosing else { return [:] }
        var fields: [String: String] = [:]
        while true {
            try skipMisc()
            if starts(with: "</") {
                try closeTag(named: root.name)
                break
            }
            guard starts(with: "<") else {
                if position >= bytes.count { throw XMLCodecError.malformed("document ends inside <\(root.name)>") }
                throw XMLCodecError.malformed("text directly inside <\(root.name)>")
            }
            let field = try openTag()
            let value = field.selfClosing ? "" : try content(of: field.name)
            guard fields[field.name] == nil else { throw XMLCodecError.duplicateKey(field.name) }
            fields[field.name] = value
        }
        try skipMisc()
        guard position == bytes.count else { throw XMLCodecError.malformed("content after the root element") }
        return fields
    }

    // MARK: - Elements

    private mutating func openTag() throws -> (name: String, selfClosing: Bool) {
        guard consume("<") else { throw XMLCodecError.malformed("expected an element") }
        if starts(with: "?") { throw XMLCodecError.malformed("processing instruction") }
        if starts(with: "!") { throw XMLCodecError.malformed("unexpected declaration") }
        let name = try readName()
        skipWhitespace()
        if consume("/>") { return (name, true) }
        guard consume(">") else { throw XMLCodecError.malformed("attributes or a broken tag in <\(name)>") }
        return (name, false)
    }

    private mutating func closeTag(named expected: String) throws {
        guard consume("</") else { throw XMLCodecError.malformed("expected </\(expected)>") }
        let name = try readName()
        skipWhitespace()
        guard consume(">") else { throw XMLCodecError.malformed("broken closing tag </\(name)") }
        guard name == expected else { throw XMLCodecError.malformed("<\(expected)> closed by </\(name)>") }
    }

    /// Text, entity references and CDATA sections up to the element's closing tag.
    private mutating func content(of name: String) throws -> String {
        var value: [UInt8] = []
        while true {
            guard let current = byte(at: position) else {
                throw XMLCodecError.malformed("document ends inside <\(name)>")
            }
            if starts(with: "<![CDATA[") {
                position += 9
                guard let end = find("]]>") else { throw XMLCodecError.malformed("unterminated CDATA in <\(name)>") }
                value += bytes[position..<end]
                position = end + 3
            } else if starts(with: "<!--") {
                try skipPast("-->", what: "comment")
            } else if starts(with: "</") {
                try closeTag(named: name)
                break
            } else if current == UInt8(ascii: "<") {
                if let next = byte(at: position + 1), isNameStart(next) { throw XMLCodecError.nested(name) }
                throw XMLCodecError.malformed("stray '<' in <\(name)>")
            } else if current == UInt8(ascii: "&") {
                value += try reference(in: name)
            } else {
                // A run of plain text up to the next markup or reference, copied at once.
                var end = position + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "<"), bytes[end] != UInt8(ascii: "&") { end += 1 }
                value += bytes[position..<end]
                position = end
            }
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw XMLCodecError.malformed("invalid UTF-8 in <\(name)>")
        }
        return text
    }

    /// One of the five predefined entities or a numeric character reference, as UTF-8.
    private mutating func reference(in name: String) throws -> [UInt8] {
        guard let semicolon = bytes[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            throw XMLCodecError.malformed("bare '&' in <\(name)>")
        }
        let body = String(decoding: bytes[(position + 1)..<semicolon], as: UTF8.self)
        position = semicolon + 1
        switch body {
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "amp": return Array("&".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default: break
        }
        var digits = Substring(body)
        guard digits.first == "#" else { throw XMLCodecError.malformed("unknown entity &\(body); in <\(name)>") }
        digits = digits.dropFirst()
        var radix = 10
        if digits.first == "x" || digits.first == "X" {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let code = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(code), code != 0
        else { throw XMLCodecError.malformed("bad character reference &\(body); in <\(name)>") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func readName() throws -> String {
        let start = position
        guard let first = byte(at: position), isNameStart(first) else { throw XMLCodecError.malformed("expected an element name") }
        position += 1
        while let next = byte(at: position), isNameStart(next) || isDigit(next) || next == UInt8(ascii: "-") || next == UInt8(ascii: ".") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    // MARK: - Cursor helpers

    /// Whitespace and comments, the only things allowed between elements.
    private mutating func skipMisc() throws {
        while true {
            skipWhitespace()
            guard starts(with: "<!--") else { return }
            try skipPast("-->", what: "comment")
        }
    }

    private mutating func skipPast(_ terminator: String, what: String) throws {
        guard let end = find(terminator) else { throw XMLCodecError.malformed("unterminated \(what)") }
        position = end + terminator.utf8.count
    }

    private mutating func skipWhitespace() {
        while let current = byte(at: position), isWhitespace(current) { position += 1 }
    }

    private mutating func skip(_ prefix: [UInt8]) {
        if bytes[position...].starts(with: prefix) { position += prefix.count }
    }

    private mutating func consume(_ literal: String) -> Bool {
        guard starts(with: literal) else { return false }
        position += literal.utf8.count
        return true
    }

    private func starts(with literal: String) -> Bool {
        bytes[position...].starts(with: literal.utf8)
    }

    private func find(_ literal: String) -> Int? {
        let pattern = Array(literal.utf8)
        guard bytes.count >= pattern.count else { return nil }
        var index = position
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// ASCII letters and `_`: v2 field names never use anything else.
    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }
}
