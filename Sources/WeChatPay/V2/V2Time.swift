import Foundation

/// The `yyyyMMddHHmmss` timestamps of API v2, always in China Standard Time (GMT+8).
public enum V2Time {
    /// `date` as `yyyyMMddHHmmss` in GMT+8.
    public static func format(_ date: Date) -> String {
        let parts = WeChatPayTime.beijingCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let values = [parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0]
        return zip(values, [4, 2, 2, 2, 2, 2]).map { value, width in
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }.joined()
    }

    /// Parses `yyyyMMddHHmmss` (GMT+8); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count == 14, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let digits = Array(text)
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range])) ?? 0 }
        let parts = DateComponents(
            year: number(0..<4), month: number(4..<6), day: number(6..<8),
            hour: number(8..<10), minute: number(10..<12), second: number(12..<14))
        // Written back identically, or it was not a real time (Feb 30, 25:00…).
        guard let date = WeChatPayTime.beijingCalendar.date(from: parts), format(date) == text else { return nil }
        return date
    }

    /// Whether `text` is a real calendar date written `yyyyMMdd` (the bill date format).
    static func isBillDate(_ text: String) -> Bool {
        parse(text + "000000") != nil
    }
}
