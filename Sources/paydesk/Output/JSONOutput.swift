import Foundation
import PayCore
import WeChatPay

/// Encodes the JSON documents of `--json`: snake_case fields chosen by each view, sorted keys, slashes unescaped.
enum JSONOutput {
    /// Prints `value` as one pretty JSON document on stdout.
    static func print<T: Encodable>(_ value: T) throws {
        StandardStreams.out(try encode(value, pretty: true))
    }

    /// Prints `value` as one compact line (JSON lines of `paydesk listen`).
    static func printLine<T: Encodable>(_ value: T) throws {
        StandardStreams.out(try encode(value, pretty: false))
    }

    static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A keyed container that writes `null` for nil, so every documented field is always present.
struct JSONFields {
    private var container: KeyedEncodingContainer<JSONKey>

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: JSONKey.self)
    }

    mutating func set<T: Encodable>(_ key: String, _ value: T?) throws {
        if let value { try container.encode(value, forKey: JSONKey(key)) } else { try container.encodeNil(forKey: JSONKey(key)) }
    }

    /// An instant as RFC 3339 with +08:00.
    mutating func time(_ key: String, _ date: Date?) throws {
        try set(key, date.map(WeChatPayTime.format))
    }

    /// Fen as an integer field plus `<key>_yuan` with two decimals.
    mutating func money(_ key: String, _ fen: Int?) throws {
        try set(key, fen)
        try set(key + "_yuan", fen.map { AmountParser.formatYuan($0) })
    }
}

/// A string coding key.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
