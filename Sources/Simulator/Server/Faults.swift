import Foundation

/// Faults injected through `POST /sim/faults`; every field is optional in the request and defaults to off.
public struct FaultSettings: Sendable, Equatable, Codable {
    /// Added before every API answer (v3 and v2), in milliseconds.
    public var latencyMilliseconds: Int = 0
    /// Probability (0…1) that an API call answers 500 `SYSTEM_ERROR` without doing anything.
    public var errorRate: Double = 0
    /// Probability (0…1) that an API call is carried out but its answer is lost: the client gets 500 `SYSTEM_ERROR`
    /// (v2: `err_code SYSTEMERROR`) although the order, close or refund happened, as when the platform times out
    /// behind its gateway. Only an idempotent repeat or a query tells the client what happened.
    public var errorAfterRate: Double = 0
    /// Probability (0…1) that an API call answers 503 with a plain-text body and `Retry-After`, without doing
    /// anything (a gateway in front of the platform, no JSON error body).
    public var gatewayErrorRate: Double = 0
    /// The `Retry-After` seconds of those 503 answers.
    public var retryAfterSeconds: Int = 1
    /// Probability (0…1) that a notification is never sent at all.
    public var dropNotifications: Double = 0
    /// Extra copies of every acknowledged notification (same id, re-signed).
    public var duplicateNotifications: Int = 0
    /// Hold each notification until the next one is sent (or 1 s passes), so they arrive out of order.
    public var reorderNotifications: Bool = false
    /// Seconds the merchant has to answer a notification (the platform allows 5).
    public var notifyTimeout: Double = 5
    /// Probability (0…1) that a delivery attempt is preceded by a `WECHATPAY/SIGNTEST/` probe.
    public var signatureProbeRate: Double = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds = "latency_ms"
        case errorRate = "error_rate"
        case errorAfterRate = "error_after_rate"
        case gatewayErrorRate = "gateway_error_rate"
        case retryAfterSeconds = "retry_after"
        case dropNotifications = "drop_notifications"
        case duplicateNotifications = "duplicate_notifications"
        case reorderNotifications = "reorder_notifications"
        case notifyTimeout = "notify_timeout"
        case signatureProbeRate = "signature_probe_rate"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        latencyMilliseconds = try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0
        errorRate = try container.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        errorAfterRate = try container.decodeIfPresent(Double.self, forKey: .errorAfterRate) ?? 0
        gatewayErrorRate = try container.decodeIfPresent(Double.self, forKey: .gatewayErrorRate) ?? 0
        retryAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 1
        // `true` is accepted for "always".
        if let flag = try? container.decodeIfPresent(Bool.self, forKey: .dropNotifications) {
            dropNotifications = flag ? 1 : 0
        } else {
            dropNotifications = try container.decodeIfPresent(Double.self, forKey: .dropNotifications) ?? 0
        }
        duplicateNotifications = try container.decodeIfPresent(Int.self, forKey: .duplicateNotifications) ?? 0
        reorderNotifications = try container.decodeIfPresent(Bool.self, forKey: .reorderNotifications) ?? false
        notifyTimeout = try container.decodeIfPresent(Double.self, forKey: .notifyTimeout) ?? 5
        signatureProbeRate = try container.decodeIfPresent(Double.self, forKey: .signatureProbeRate) ?? 0
    }

    /// Refuses rates outside 0…1 and negative counts or delays.
    func validated() throws -> FaultSettings {
        let rates = [
            ("error_rate", errorRate), ("error_after_rate", errorAfterRate), ("gateway_error_rate", gatewayErrorRate),
            ("drop_notifications", dropNotifications), ("signature_probe_rate", signatureProbeRate),
        ]
        for (name, rate) in rates where !(0...1).contains(rate) {
            throw PlatformError.param("\(name) must lie in 0...1")
        }
        guard errorRate + errorAfterRate + gatewayErrorRate <= 1 else {
            throw PlatformError.param("error_rate + error_after_rate + gateway_error_rate must be at most 1")
        }
        guard latencyMilliseconds >= 0, duplicateNotifications >= 0, retryAfterSeconds >= 0, notifyTimeout > 0 else {
            throw PlatformError.param("latency_ms, duplicate_notifications and retry_after must be >= 0, notify_timeout > 0")
        }
        return self
    }
}

/// The fault drawn for one API call.
enum APIFault: Sendable, Equatable {
    /// 500 `SYSTEM_ERROR`, nothing done (`error_rate`).
    case systemError
    /// The call is carried out, then answered 500 `SYSTEM_ERROR` (`error_after_rate`).
    case answerLost
    /// 503 plain text with `Retry-After`, nothing done (`gateway_error_rate`).
    case gatewayError(retryAfter: Int)

    /// One draw over the three exclusive rates.
    static func draw(_ settings: FaultSettings) -> APIFault? {
        let total = settings.errorRate + settings.errorAfterRate + settings.gatewayErrorRate
        guard total > 0 else { return nil }
        let roll = Double.random(in: 0..<1)
        if roll < settings.errorRate { return .systemError }
        if roll < settings.errorRate + settings.errorAfterRate { return .answerLost }
        if roll < total { return .gatewayError(retryAfter: settings.retryAfterSeconds) }
        return nil
    }
}

/// The live fault settings, shared by the HTTP handler and the notification dispatcher.
actor FaultStore {
    private(set) var settings = FaultSettings()

    func replace(with settings: FaultSettings) { self.settings = settings }
    func reset() { settings = FaultSettings() }

    /// True with probability `rate`.
    nonisolated static func roll(_ rate: Double) -> Bool { rate > 0 && Double.random(in: 0..<1) < rate }
}
