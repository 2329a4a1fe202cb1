import Foundation

/// WeChat Pay's notification retry schedule: after the first attempt, retries at these intervals (§3.5).
public enum RetrySchedule {
    /// 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h — 15 retries, about 24 h 4 min.
    public static let intervals: [TimeInterval] = [
        15, 15, 30, 180, 600, 1_200, 1_800, 1_800, 1_800, 3_600, 10_800, 10_800, 10_800, 21_600, 21_600,
    ]

    /// Attempts in all: the first one plus every retry.
    public static var maximumAttempts: Int { intervals.count + 1 }

    /// Delay before the attempt that follows attempt number `attemptsMade` (1-based), scaled; nil when none is left.
    public static func delay(afterAttempt attemptsMade: Int, timeScale: Double) -> TimeInterval? {
        guard attemptsMade >= 1, attemptsMade <= intervals.count else { return nil }
        return intervals[attemptsMade - 1] * timeScale
    }
}
