import Foundation

/// RFC 3339 times as WeChat Pay writes them: Beijing time with an explicit `+08:00` offset.
enum WireTime {
    static func string(from date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return formatter.string(from: date)
    }
}
