import Foundation

/// One attempt of one outbound v3 call, as stored in the core's `api_calls` table.
public struct APICallRecord: Sendable, Equatable {
    public var method: String
    /// The canonical URL: path plus `?query` exactly as sent.
    public var path: String
    /// The JSON body sent, with encrypted personal fields redacted; empty for GET.
    public var requestBody: String
    /// HTTP status, or nil when nothing was answered.
    public var status: Int?
    public var errorCode: String?
    public var errorMessage: String?
    /// The answer body, capped (bill files are not included).
    public var responseBody: String
    public var latency: Duration
    /// 1 for the first attempt.
    public var attempt: Int
    public var startedAt: Date

    public init(
        method: String, path: String, requestBody: String, status: Int?, errorCode: String?, errorMessage: String?,
        responseBody: String, latency: Duration, attempt: Int, startedAt: Date
    ) {
        self.method = method
        self.path = path
        self.requestBody = requestBody
        self.status = status
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.responseBody = responseBody
        self.latency = latency
        self.attempt = attempt
        self.startedAt = startedAt
    }

    /// `latency` in seconds.
    public var latencySeconds: Double { latency.seconds }
}

/// Receives a record of every attempt of every v3 call (the core persists them).
public protocol APICallObserver: Sendable {
    func record(_ call: APICallRecord) async
}

/// Makes request and response bodies safe and small enough to store.
enum APICallRedaction {
    /// Fields that carry (encrypted) personal data; redacted even though v3 encrypts them.
    static let sensitiveKeys: Set<String> = [
        "bank_account", "real_name", "account_name", "account_number", "id_card_number", "id_card_name",
        "contact_name", "mobile_phone", "contact_email",
    ]
    static let responseLimit = 4096

    /// The body as text with sensitive JSON fields replaced by `[REDACTED]`.
    static func redactedBody(_ body: Data) -> String {
        guard !body.isEmpty else { return "" }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return capped(String(decoding: body, as: UTF8.self))
        }
        return capped(redact(value).compactText)
    }

    /// Text capped to `responseLimit` characters.
    static func capped(_ text: String, limit: Int = responseLimit) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    private static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, field) in fields {
                out[key] = sensitiveKeys.contains(key) ? .string("[REDACTED]") : redact(field)
            }
            return .object(out)
        case .array(let items): return .array(items.map(redact))
        default: return value
        }
    }
}
