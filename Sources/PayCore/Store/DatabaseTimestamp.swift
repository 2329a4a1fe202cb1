import Foundation
import GRDB

/// Instants as the database stores them: `YYYY-MM-DD HH:MM:SS.SSS` in UTC, GRDB's text for a `Date`.
///
/// GRDB encodes a bound `Date` with a `DateFormatter`, which loads ICU's calendar and locale data: in the orders
/// pane, whose bound dates are the keyset cursor and the date filter, lib_FoundationICU grew by 4.4 MB of resident
/// pages over the benchmark script (/proc/PID/smaps before the store opened and at exit). The order list binds
/// this text instead; `DatabaseTimestampTests` checks it against GRDB's encoding.
public enum DatabaseTimestamp {
    /// The stored text of `date` (rounded to the nearest millisecond, as GRDB's formatter does).
    public static func text(_ date: Date) -> String {
        let fields = CalendarFields(date)
        return CalendarFields.padded(fields.year, 4) + "-" + CalendarFields.padded(fields.month, 2) + "-"
            + CalendarFields.padded(fields.day, 2) + " " + CalendarFields.padded(fields.hour, 2) + ":"
            + CalendarFields.padded(fields.minute, 2) + ":" + CalendarFields.padded(fields.second, 2) + "."
            + CalendarFields.padded(fields.millisecond, 3)
    }

    /// The instant of a stored value: `YYYY-MM-DD HH:MM:SS.SSS` parsed here, any other form GRDB accepts by GRDB.
    /// `text(date(from: v)) == v` for every stored text of that form (`DatabaseTimestampTests`).
    public static func date(from value: DatabaseValue) -> Date? {
        guard case .string(let text) = value.storage, text.utf8.count == 23 else { return Date.fromDatabaseValue(value) }
        var fields: [Int64] = []
        fields.reserveCapacity(7)
        var current: Int64 = 0
        var digits = 0
        for (index, byte) in text.utf8.enumerated() {
            let separator: UInt8? = switch index {
            case 4, 7: UInt8(ascii: "-")
            case 10: UInt8(ascii: " ")
            case 13, 16: UInt8(ascii: ":")
            case 19: UInt8(ascii: ".")
            default: nil
            }
            if let separator {
                guard byte == separator, digits > 0 else { return Date.fromDatabaseValue(value) }
                fields.append(current)
                current = 0
                digits = 0
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return Date.fromDatabaseValue(value) }
                current = current * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
            }
        }
        fields.append(current)
        let (year, month, day) = (fields[0], fields[1], fields[2])
        guard (1...12).contains(month), (1...31).contains(day), fields[3] < 24, fields[4] < 60, fields[5] < 60 else {
            return Date.fromDatabaseValue(value)
        }
        // H. Hinnant's days_from_civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let milliseconds = ((days * 24 + fields[3]) * 60 + fields[4]) * 60_000 + fields[5] * 1000 + fields[6]
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
