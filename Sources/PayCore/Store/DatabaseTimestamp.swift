import Foundation
import GRDB
import WeChatPay

/// Instants as the database stores them: `YYYY-MM-DD HH:MM:SS.SSS` in UTC, GRDB's text for a `Date`.
///
/// GRDB encodes a bound `Date` with a `DateFormatter`, which loads ICU's calendar and locale data: in the orders
/// pane, whose bound dates are the keyset cursor and the date filter, lib_FoundationICU grew by 4.4 MB of resident
/// pages over the benchmark script (/proc/PID/smaps before the store opened and at exit). The order list binds
/// this text instead; `DatabaseTimestampTests` checks it against GRDB's encoding.
public enum DatabaseTimestamp {
    /// The stored text of `date` (rounded to the nearest millisecond, as GRDB's formatter does). Written digit by
    /// digit into the string's own storage: the notification insert formats one per delivery on the writer's thread,
    /// where concatenating padded fields (fifteen small strings) was 3 % of its samples.
    public static func text(_ date: Date) -> String {
        let fields = CalendarFields(date)
        guard (0...9999).contains(fields.year) else {
            return CalendarFields.padded(fields.year, 4) + "-" + CalendarFields.padded(fields.month, 2) + "-"
                + CalendarFields.padded(fields.day, 2) + " " + CalendarFields.padded(fields.hour, 2) + ":"
                + CalendarFields.padded(fields.minute, 2) + ":" + CalendarFields.padded(fields.second, 2) + "."
                + CalendarFields.padded(fields.millisecond, 3)
        }
        return String(unsafeUninitializedCapacity: 23) { text in
            var index = 0
            func put(_ value: Int, _ width: Int, _ separator: Character?) {
                var rest = value
                for position in stride(from: index + width - 1, through: index, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                index += width
                if let separator {
                    text[index] = separator.asciiValue!
                    index += 1
                }
            }
            put(fields.year, 4, "-")
            put(fields.month, 2, "-")
            put(fields.day, 2, " ")
            put(fields.hour, 2, ":")
            put(fields.minute, 2, ":")
            put(fields.second, 2, ".")
            put(fields.millisecond, 3, nil)
            return index
        }
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
        let days = Int64(WeChatPayTime.daysSinceEpoch(year: Int(year), month: Int(month), day: Int(day)))
        let milliseconds = ((days * 24 + fields[3]) * 60 + fields[4]) * 60_000 + fields[5] * 1000 + fields[6]
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
