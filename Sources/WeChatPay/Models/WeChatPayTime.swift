import Foundation

/// RFC 3339 times as the platform uses them: formatted in Beijing time (`+08:00`), parsed at any offset.
public enum WeChatPayTime {
    /// Beijing time, the offset every v3 time on the wire carries.
    public static let beijing = TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    /// `2018-06-08T10:34:56+08:00` for the instant `date` (sub-second part dropped).
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = beijing
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Parses an RFC 3339 time with any offset or `Z`, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
