import Foundation

/// Wire time formats of WeChat Pay: RFC 3339 with `+08:00` (v3), `yyyyMMddHHmmss` (v2), `yyyy-MM-dd HH:mm:ss` (bills).
enum BeijingTime {
    static let zone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    private static func parts(_ date: Date) -> (Int, Int, Int, Int, Int, Int) {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `2026-11-24T18:00:00+08:00`.
    static func rfc3339(_ date: Date) -> String {
        let (y, mo, d, h, mi, s) = parts(date)
        return "\(pad(y, 4))-\(pad(mo))-\(pad(d))T\(pad(h)):\(pad(mi)):\(pad(s))+08:00"
    }

    /// `20261124180000` (v2 `time_end`, `time_expire`).
    static func compact(_ date: Date) -> String {
        let (y, mo, d, h, mi, s) = parts(date)
        return "\(pad(y, 4))\(pad(mo))\(pad(d))\(pad(h))\(pad(mi))\(pad(s))"
    }

    /// `2026-11-24 18:00:00` (bills, v2 refund success_time).
    static func spaced(_ date: Date) -> String {
        let (y, mo, d, h, mi, s) = parts(date)
        return "\(pad(y, 4))-\(pad(mo))-\(pad(d)) \(pad(h)):\(pad(mi)):\(pad(s))"
    }

    /// `2026-11-24`: the Beijing calendar day of `date` (bill days).
    static func day(_ date: Date) -> String {
        let (y, mo, d, _, _, _) = parts(date)
        return "\(pad(y, 4))-\(pad(mo))-\(pad(d))"
    }

    /// Parses RFC 3339 (`T` separator, optional fraction, `Z` or `±HH:MM`); nil when malformed.
    static func parseRFC3339(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count >= 20 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= chars.count else { return nil }
            var value = 0
            for byte in chars[from..<from + length] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), chars[4] == 45, let month = number(5, 2), chars[7] == 45,
              let day = number(8, 2), chars[10] == 84 || chars[10] == 116,
              let hour = number(11, 2), chars[13] == 58, let minute = number(14, 2), chars[16] == 58,
              let second = number(17, 2)
        else { return nil }
        var index = 19
        if index < chars.count, chars[index] == 46 {
            index += 1
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 { index += 1 }
        }
        var offset = 0
        if index < chars.count, chars[index] == 90 || chars[index] == 122 {
            index += 1
        } else if index + 6 == chars.count, chars[index] == 43 || chars[index] == 45,
                  let oh = number(index + 1, 2), chars[index + 3] == 58, let om = number(index + 4, 2) {
            offset = (oh * 3600 + om * 60) * (chars[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        return date(year, month, day, hour, minute, second, offset: offset)
    }

    /// Parses v2 `yyyyMMddHHmmss` in Beijing time.
    static func parseCompact(_ text: String) -> Date? {
        guard text.count == 14, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        let digits = Array(text)
        func n(_ from: Int, _ length: Int) -> Int { Int(String(digits[from..<from + length])) ?? -1 }
        return date(n(0, 4), n(4, 2), n(6, 2), n(8, 2), n(10, 2), n(12, 2), offset: 8 * 3600)
    }

    /// Parses a `yyyy-MM-dd` day and returns its Beijing start instant.
    static func parseDay(_ text: String) -> Date? {
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
              let y = Int(pieces[0]), let m = Int(pieces[1]), let d = Int(pieces[2])
        else { return nil }
        return date(y, m, d, 0, 0, 0, offset: 8 * 3600)
    }

    private static func date(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, offset: Int) -> Date? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s)
        else { return nil }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let components = DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        guard let local = utc.date(from: components) else { return nil }
        // Reject dates the calendar silently normalised (e.g. February 30).
        guard utc.component(.day, from: local) == d else { return nil }
        return local.addingTimeInterval(TimeInterval(-offset))
    }
}
