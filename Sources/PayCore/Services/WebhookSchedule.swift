import Foundation

/// When `BusinessWebhook` retries a failed delivery and how often it looks for due ones.
///
/// Injectable so that tests retry in milliseconds instead of the production minutes and hours.
public struct WebhookSchedule: Sendable, Equatable {
    /// Waits before attempts 2, 3, …; a delivery that failed `backoff.count + 1` times is given up (GAVE_UP).
    public var backoff: [TimeInterval]
    /// How often the background worker looks for due deliveries.
    public var pollInterval: Duration

    /// Creates a schedule.
    public init(backoff: [TimeInterval], pollInterval: Duration) {
        self.backoff = backoff
        self.pollInterval = pollInterval
    }

    /// Retries after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h and 2 h (8 attempts in all), looking every second.
    public static let standard = WebhookSchedule(backoff: [5, 30, 120, 600, 1800, 3600, 7200], pollInterval: .seconds(1))

    /// The most attempts one delivery gets.
    public var maximumAttempts: Int { backoff.count + 1 }
}
