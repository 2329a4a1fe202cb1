import ArgumentParser
import Foundation
import PayCore
import WeChatPay

/// A calendar day `yyyy-MM-dd` (China time, as bills are cut), or `today` / `yesterday`.
struct DayArgument: ExpressibleByArgument, Sendable, Equatable {
    /// `yyyy-MM-dd`.
    var text: String

    init?(argument: String) {
        switch argument.lowercased() {
        case "today": text = Self.chinaDay(Date())
        case "yesterday": text = Self.chinaDay(Date().addingTimeInterval(-86_400))
        default:
            guard WeChatPayTime.parse(argument + "T00:00:00+08:00") != nil, argument.count == 10 else { return nil }
            text = argument
        }
    }

    /// Midnight China time at the start of the day.
    var start: Date? { WeChatPayTime.parse(text + "T00:00:00+08:00") }

    static func chinaDay(_ date: Date) -> String { String(WeChatPayTime.format(date).prefix(10)) }
}

/// `--since`: a day (`2026-11-24`, midnight China time), an RFC 3339 instant, or an age (`2h`, `7d`).
struct SinceArgument: ExpressibleByArgument, Sendable, Equatable {
    var date: Date

    init?(argument: String) {
        if let instant = WeChatPayTime.parse(argument) {
            date = instant
        } else if let day = DayArgument(argument: argument), let start = day.start {
            date = start
        } else if let age = DurationArgument(argument: argument) {
            date = Date().addingTimeInterval(-age.seconds)
        } else {
            return nil
        }
    }
}
