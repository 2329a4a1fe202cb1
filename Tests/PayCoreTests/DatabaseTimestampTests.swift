import Foundation
import GRDB
import PayCore
import Testing

/// The order list binds `DatabaseTimestamp.text` instead of GRDB's formatter-encoded `Date`: the two must agree to
/// the character, or keyset cursors and date filters would compare against the stored text wrongly.
@Suite struct DatabaseTimestampTests {
    @Test func matchesGRDBsEncodingOfDates() throws {
        var instants: [TimeInterval] = [
            0, -1, -0.001, 86_399.999, 951_782_400 /* 2000-02-29 */, 1_800_000_000.123, 1_800_000_000.9995,
            4_102_444_799.5 /* 2099-12-31 23:59:59.5 */, -2_208_988_800 /* 1900-01-01 */, 1_582_934_400.25,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { instants.append(Double(Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)) / 1000) }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            #expect(DatabaseTimestamp.text(date) == String.fromDatabaseValue(date.databaseValue), "\(instant)")
        }
    }

    /// Stored text → `date(from:)` → `text` gives the same text back, and the same instant GRDB decodes.
    @Test func storedTextRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            let stored = DatabaseTimestamp.text(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            let date = try #require(DatabaseTimestamp.date(from: stored.databaseValue))
            #expect(DatabaseTimestamp.text(date) == stored)
            let grdb = try #require(Date.fromDatabaseValue(stored.databaseValue))
            #expect(abs(date.timeIntervalSince(grdb)) < 0.000_001, "\(stored)")
        }
        #expect(DatabaseTimestamp.date(from: "2026-11-28T09:10:11.123Z".databaseValue) != nil, "other forms go to GRDB")
        #expect(DatabaseTimestamp.date(from: "not a date".databaseValue) == nil)
    }

    @Test func calendarFieldsShiftByTheOffset() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
        let utc = CalendarFields(date)
        #expect(utc.year == 2027 && utc.month == 1 && utc.day == 15 && utc.hour == 8 && utc.minute == 0 && utc.second == 0)
        let beijing = CalendarFields(date, offsetSeconds: 8 * 3600)
        #expect(beijing.day == 15 && beijing.hour == 16)
        let west = CalendarFields(date, offsetSeconds: -9 * 3600)
        #expect(west.month == 1 && west.day == 14 && west.hour == 23)
        #expect(CalendarFields.padded(7, 3) == "007" && CalendarFields.padded(2027, 2) == "2027")
    }
}
