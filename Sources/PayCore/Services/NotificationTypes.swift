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
    /// the ingest profile, and appending one Unicode scalar at a time to a String still ~10 µs (a signature header
    /// alone is 344 characters).
    static func encode(_ headers: HTTPHeaders) -> String {
        var object: [String: String] = [:]
        for (name, value) in headers {
            object[name] = object[name].map { "\($0), \(value)" } ?? value
        }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(object.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        for (index, name) in object.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(object[name] ?? "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal: quote, backslash and control characters escaped; every other byte copied as is
    /// (a String's UTF-8 is valid, and bytes of multi-byte characters are never below 0x80).
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        // Header values almost never need escaping: then one bulk copy instead of a switch per byte.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: string.utf8)
            return
        }
        for byte in string.utf8 {
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

    static func decode(_ text: String) -> HTTPHeaders {
        guard let data = text.data(using: .utf8),
            let object = try? JSONDecoder().decode([String: String].self, from: data)
        else { return HTTPHeaders() }
        return HTTPHeaders(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
