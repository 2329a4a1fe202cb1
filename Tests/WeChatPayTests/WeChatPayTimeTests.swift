import Foundation
import Testing
import WeChatPay

/// Wire times: written in Beijing time, read at any offset (the one implementation, used by PayCore too).
@Suite struct WeChatPayTimeTests {
    @Test func formatsInChinaTimeWithOffset() throws {
        let instant = Date(timeIntervalSince1970: 1_528_425_296)  // 2018-06-08T02:34:56Z
        #expect(WeChatPayTime.format(instant) == "2018-06-08T10:34:56+08:00")
        #expect(V2Time.format(instant) == "20180608103456")
    }

    @Test func parsesAnyOffsetToTheSameInstant() throws {
        let expected = Date(timeIntervalSince1970: 1_528_425_296)
        #expect(WeChatPayTime.parse("2018-06-08T10:34:56+08:00") == expected)
        #expect(WeChatPayTime.parse("2018-06-08T02:34:56Z") == expected)
        #expect(WeChatPayTime.parse("2018-06-07T21:34:56-05:00") == expected)
        let fractional = try #require(WeChatPayTime.parse("2018-06-08T10:34:56.250+08:00"))
        #expect(abs(fractional.timeIntervalSince(expected) - 0.25) < 0.000_1)
    }

    @Test(arguments: [
        "", "2018-06-08", "2018-06-08T10:34:56", "2018-13-08T10:34:56+08:00", "2018-02-30T10:34:56+08:00",
        "2018-06-08T10:34:56+0800", "2018-06-08T10:34:56+08:00x", "2018-06-08T25:34:56Z", "2018-06-08 10:34:56",
    ])
    func refusesMalformedTimes(text: String) {
        #expect(WeChatPayTime.parse(text) == nil)
    }

    /// The arithmetic date conversion against Foundation's calendar, over leap days, century years and the
    /// edges of months, before 1970 and after 2100.
    @Test func agreesWithTheGregorianCalendarOnEveryDayOfFourCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        var day = try #require(calendar.date(from: DateComponents(year: 1899, month: 12, day: 25)))
        let end = try #require(calendar.date(from: DateComponents(year: 2301, month: 1, day: 5)))
        var checked = 0
        while day < end {
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            let text = String(format: "%04d-%02d-%02dT13:14:15Z", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(WeChatPayTime.parse(text) == day.addingTimeInterval(13 * 3600 + 14 * 60 + 15), "\(text)")
            day = day.addingTimeInterval(86_400)
            checked += 1
        }
        #expect(checked > 146_000)
        #expect(WeChatPayTime.parse("2024-02-29T00:00:00+08:00") != nil)
        #expect(WeChatPayTime.parse("2023-02-29T00:00:00+08:00") == nil)
        #expect(WeChatPayTime.parse("2100-02-29T00:00:00+08:00") == nil)
        #expect(WeChatPayTime.parse("2000-02-29T00:00:00+08:00") != nil)
        #expect(WeChatPayTime.parse("2026-04-31T00:00:00+08:00") == nil)
    }

    @Test func roundTripsThroughTheWireFormat() throws {
        let instant = Date(timeIntervalSince1970: 1_800_000_123)
        #expect(WeChatPayTime.parse(WeChatPayTime.format(instant)) == instant)
    }
}
