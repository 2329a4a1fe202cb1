import Foundation

/// The proleptic Gregorian date and time of an instant at a fixed offset, by integer arithmetic.
///
/// For the hot paths that format instants many times a frame or a page (the order list's time column, bound
/// timestamps): `Calendar` + `String(format:)` cost about 7 % of the orders pane's CPU per key and pulled in ICU's
/// calendar and locale data.
public struct CalendarFields: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int

    /// The fields of `date` shifted by `offsetSeconds` (0 for UTC), rounded to the nearest millisecond (as GRDB's
    /// date formatter does).
    public init(_ date: Date, offsetSeconds: Int = 0) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(offsetSeconds) * 1000
        var days = milliseconds / 86_400_000
        var millisecondOfDay = milliseconds % 86_400_000
        if millisecondOfDay < 0 {
            days -= 1
            millisecondOfDay += 86_400_000
        }
        // H. Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        self.month = Int(month)
        day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let secondOfDay = Int(millisecondOfDay / 1000)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        millisecond = Int(millisecondOfDay % 1000)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
