import Foundation

/// The merchant a simulator serves.
public struct MerchantIdentity: Sendable, Equatable {
    public var mchid: String
    public var appid: String
    public init(mchid: String, appid: String) {
        self.mchid = mchid
        self.appid = appid
    }
}

/// Tunable rules of the simulated platform.
public struct EngineSettings: Sendable, Equatable {
    /// Multiplies every scheduled delay (notification retries, auto-settle, the v2 close interval).
    public var timeScale: Double = 1
    /// When set, PROCESSING refunds turn SUCCESS after this many (unscaled) seconds.
    public var autoSettleRefundsAfter: TimeInterval?
    /// Largest order total in fen (¥100,000.00).
    public var maxOrderTotal: Int = 10_000_000
    /// `time_expire` must lie at least this far ahead (with 5 s allowed for clocks and transit).
    public var minimumExpiry: TimeInterval = 60
    /// `time_expire` may lie at most this far ahead; it is also the lifetime of orders without one.
    public var maximumExpiry: TimeInterval = 7 * 86_400
    /// v2 `closeorder` is refused this long after creation (scaled).
    public var v2CloseInterval: TimeInterval = 300
    /// `code_url` / `prepay_id` lifetime; a re-submission after it issues a new one.
    public var codeLifetime: TimeInterval = 7_200
    /// Most refunds one order takes.
    public var maxRefundsPerOrder: Int = 50

    public init(timeScale: Double = 1, autoSettleRefundsAfter: TimeInterval? = nil) {
        self.timeScale = timeScale
        self.autoSettleRefundsAfter = autoSettleRefundsAfter
    }
}

/// How a control-API call settles a PROCESSING refund.
public enum RefundOutcome: String, Sendable, CaseIterable {
    case succeed, abnormal, close

    var status: String {
        switch self {
        case .succeed: "SUCCESS"
        case .abnormal: "ABNORMAL"
        case .close: "CLOSED"
        }
    }
}
