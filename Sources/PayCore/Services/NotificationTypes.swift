import Foundation
import WeChatPay

/// Which listener path a notification came in on.
public enum NotificationKind: String, Sendable {
    /// v3 JSON (payment and refund) at `/notify`.
    case v3
    /// v2 XML payment result at `/notify/v2/pay`.
    case v2Pay = "v2-pay"
    /// v2 XML refund result at `/notify/v2/refund`.
    case v2Refund = "v2-refund"
}

/// A delivery exactly as received.
public struct InboundNotification: Sendable {
    public var kind: NotificationKind
    public var path: String
    public var headers: HTTPHeaders
    public var body: Data
    public var remoteAddress: String?

    /// Creates a delivery.
    public init(kind: NotificationKind, path: String, headers: HTTPHeaders, body: Data, remoteAddress: String? = nil) {
        self.kind = kind
        self.path = path
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}

/// The answer to send back, and the stored record with its verdicts.
public struct IngestOutcome: Sendable {
    public var httpStatus: Int
    public var contentType: String
    public var body: Data
    public var record: NotificationRecord

    /// True when WeChat Pay is told the notification was accepted.
    public var acknowledged: Bool { (200..<300).contains(httpStatus) }
}

/// The words stored in `notifications.verdict`, `verdict_detail`, `decrypt_verdict` and `outcome`.
public enum NotificationVerdict {
    public static let pending = "PENDING"
    public static let verified = "verified"
    public static let rejected = "rejected"

    /// `decrypt_verdict` values.
    public enum Decrypt {
        public static let ok = "ok"
        public static let failed = "failed"
        public static let skipped = "skipped"
    }

    /// `outcome` values.
    public enum Outcome {
        public static let applied = "applied"
        public static let duplicate = "duplicate"
        public static let rejected = "rejected"
        public static let ignored = "ignored"
        public static let error = "error"
        /// Verified and stored, answered 200, not applied yet: the writer was behind (`NotificationApplyPolicy`).
        public static let queued = "queued"
    }

    /// `verdict_detail` for a signature error.
    static func detail(_ error: SignatureVerificationError) -> String {
        switch error {
        case .missingHeader: "missing_header"
        case .malformedHeader: "malformed_header"
        case .unsupportedSignatureType: "unsupported_signature_type"
        case .staleTimestamp: "stale_timestamp"
        case .signatureProbe: "signature_probe"
        case .unknownSerial: "unknown_serial"
        case .certificateExpired: "certificate_expired"
        case .badSignature: "bad_signature"
        }
    }
}

/// HTTP headers as a JSON object (repeated names joined with ", ").
enum HeaderJSON {
    /// Sorted keys, like `jsonText`, but written directly as UTF-8 bytes: JSONEncoder cost ~15 µs per delivery in
    /// the ingest profile, appending one Unicode scalar at a time to a String ~10 µs (a signature header alone is
    /// 344 characters), and a Dictionary to join repeated names still ~8 µs. The fields are sorted by name instead
    /// (stably, so repeated names join in arrival order) and written in one pass.
    static func encode(_ headers: HTTPHeaders) -> String {
        let fields = headers.fields
        let order = fields.indices.sorted { a, b in
            fields[a].name != fields[b].name ? fields[a].name < fields[b].name : a < b
        }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(fields.reduce(2) { $0 + $1.name.utf8.count + $1.value.utf8.count + 6 })
        var previous: String?
        for index in order {
            let (name, value) = fields[index]
            if name == previous {
                // A repeated name: ", value" goes inside the string already written.
                bytes.removeLast()
                bytes.append(contentsOf: ", ".utf8)
            } else {
                if previous != nil { bytes.append(UInt8(ascii: ",")) }
                appendQuoted(name, to: &bytes)
                bytes.append(contentsOf: #":""#.utf8)
            }
            appendEscaped(value, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
            previous = name
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal: quote, backslash and control characters escaped; every other byte copied as is
    /// (a String's UTF-8 is valid, and bytes of multi-byte characters are never below 0x80).
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(string, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `string`'s UTF-8 with JSON's escapes, without quotes.
    static func appendEscaped(_ string: String, to bytes: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            // Header values almost never need escaping: then one bulk copy instead of a switch per byte.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
                default: bytes.append(byte)
                }
            }
        }
    }

    static func decode(_ text: String) -> HTTPHeaders {
        guard let data = text.data(using: .utf8),
            let object = try? JSONDecoder().decode([String: String].self, from: data)
        else { return HTTPHeaders() }
        return HTTPHeaders(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
