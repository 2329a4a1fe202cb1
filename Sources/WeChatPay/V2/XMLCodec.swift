import Foundation

/// Reads and writes the flat XML documents of API v2: `<xml><key>value</key>…</xml>` (or `<root>` in `req_info`).
///
/// Hand-written on purpose: it knows no DTDs, so there is nothing to resolve and no entity to expand
/// (see docs/protocol-v2.md, "XXE"). Anything outside the flat shape is an error, never a best effort.
///
/// ```swift
/// let fields = try XMLCodec.decode(body)          // ["return_code": "SUCCESS", …]
/// let body = XMLCodec.encode(["appid": "wx…"])    // <xml><appid><![CDATA[wx…]]></appid></xml>
/// ```
public enum XMLCodec {
    /// Default maximum document size: WeChat Pay v2 documents are a few KiB.
    public static let defaultLimit = 64 * 1024

    /// Parses a flat document into its fields. Element names are the keys; CDATA and text values are joined.
    public static func decode(_ data: Data, limit: Int = defaultLimit) throws -> [String: String] {
        guard data.count <= limit else { throw XMLCodecError.tooLarge(data.count) }
        let bytes = Array(data)
        // Refused wherever it appears, even inside CDATA: no WeChat Pay value contains one, and
        // refusing early keeps the attack shape from reaching any later parsing step.
        if containsDeclaration(bytes) { throw XMLCodecError.doctypeForbidden }
        var parser = FlatXMLParser(bytes: bytes)
        return try parser.parseDocument()
    }

    /// Writes `fields` as `<root><key><![CDATA[value]]></key>…</root>` with keys in ASCII order.
    ///
    /// Keys must be XML names (the v2 field names are); a `]]>` inside a value is split across two CDATA sections.
    public static func encode(_ fields: [String: String], root: String = "xml") -> Data {
        var out = "<\(root)>"
        for key in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let value = fields[key] ?? ""
            let safe = value.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>")
            out += "<\(key)><![CDATA[\(safe)]]></\(key)>"
        }
        out += "</\(root)>"
        return Data(out.utf8)
    }

    private static func containsDeclaration(_ bytes: [UInt8]) -> Bool {
        let patterns = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        guard bytes.count >= 8 else { return false }
        for start in bytes.indices where bytes[start] == UInt8(ascii: "<") {
            for pattern in patterns where start + pattern.count <= bytes.count {
                var matches = true
                for (offset, expected) in pattern.enumerated() {
                    let byte = bytes[start + offset]
                    // ASCII upper-casing: the declaration keywords are matched case-insensitively.
                    let upper = (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte
                    if upper != expected { matches = false; break }
                }
                if matches { return true }
            }
        }
        return false
    }
}
