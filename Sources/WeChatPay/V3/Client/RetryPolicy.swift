import Foundation

/// How often and how patiently idempotent calls are retried after retry-safe failures.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first included (1 = never retry).
    public var maxAttempts: Int
    /// Delay before the second attempt; doubled for each further attempt.
    public var baseDelay: Duration
    /// Upper bound of any delay.
    public var maxDelay: Duration
    /// Random spread as a fraction of the delay (0.2 = ±20 %), so that clients do not retry in lockstep.
    public var jitter: Double

    /// The longest `Retry-After` honoured; an answer asking for longer is not retried (the caller, or the sync
    /// sweep, tries again later).
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(2),
        jitter: Double = 0.2, maxRetryAfter: Duration = .seconds(10)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
    }

    /// Three attempts, 200 ms then 400 ms (±20 %), at most 2 s.
    public static let `default` = RetryPolicy()
    /// A single attempt.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The pause before attempt number `attempt` when the failed answer carried `Retry-After` (429, 503): at least
    /// what the server asked for; nil when it asked for more than `maxRetryAfter` (do not retry now).
    public func delay(beforeAttempt attempt: Int, retryAfter: Duration?) -> Duration? {
        let backoff = delay(beforeAttempt: attempt)
        guard let retryAfter else { return backoff }
        guard retryAfter <= maxRetryAfter else { return nil }
        return max(backoff, retryAfter)
    }

    /// `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), relative to `now`; nil when absent or
    /// unreadable.
    public static func retryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return seconds >= 0 ? .seconds(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }

    /// The pause before attempt number `attempt` (2 for the first retry).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 2, 0), 16)
        let nominal = min(baseDelay * (1 << exponent), maxDelay)
        let factor = 1 + Double.random(in: -jitter...jitter)
        return min(nominal * factor, maxDelay)
    }
}
