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

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(2),
        jitter: Double = 0.2
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
    }

    /// Three attempts, 200 ms then 400 ms (±20 %), at most 2 s.
    public static let `default` = RetryPolicy()
    /// A single attempt.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The pause before attempt number `attempt` (2 for the first retry).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 2, 0), 16)
        let nominal = min(baseDelay * (1 << exponent), maxDelay)
        let factor = 1 + Double.random(in: -jitter...jitter)
        return min(nominal * factor, maxDelay)
    }
}
