import Foundation
import PayCore
import Testing
@testable import TerminalUI

@Suite struct PaneRowTests {
    let english = Strings(language: .english)
    let chinese = Strings(language: .simplifiedChinese)
    let utc = TimeZone(identifier: "UTC") ?? .current

    func order(_ status: OrderStatus, description: String = "Coffee", total: Int = 1250) -> OrderRecord {
        var order = OrderRecord(merchantID: 1, outTradeNo: "PD20261124ABCDEF", description: description, total: total,
                                createdAt: Date(timeIntervalSince1970: 1_764_000_000))
        order.id = 7
        order.status = status
        return order
    }

    @Test func bigDigitsSpellTheAmountInFiveEqualRows() {
        let rows = BigDigits.rows("¥12.50")
        #expect(rows.count == 5)
        #expect(Set(rows.map(\.count)).count == 1)
        // ¥ 1 2 . 5 0 → 3+1+3+1+3+1+1+1+3+1+3 columns.
        #expect(BigDigits.width(of: "¥12.50") == 21)
        #expect(rows[4].hasPrefix(" █  ███ ███ █ ███ ███"))
    }

    @Test func bigDigitsDrawFilledCellsAsReverseSpaces() {
        var surface = Surface(size: TerminalSize(columns: 10, rows: 6))
        #expect(BigDigits.draw("1", at: CellPoint(row: 0, column: 0), role: .accent, into: &surface, maxWidth: 10))
        #expect(surface[0, 0].attributes.contains(.reverse))
        #expect(surface[0, 0].text == " ")
        #expect(!surface[0, 2].attributes.contains(.reverse))
        #expect(!BigDigits.draw("¥12.50", at: CellPoint(row: 0, column: 0), role: .accent, into: &surface,
                                maxWidth: 10))
    }

    @Test func bigDigitsScaleEveryFontCell() {
        let scale = BigDigits.Scale(columns: 4, rows: 2)
        let rows = BigDigits.rows("1", scale: scale)
        #expect(rows.count == 10)
        #expect(rows[0] == "████████    ")
        #expect(rows[1] == rows[0])
        #expect(rows[9] == String(repeating: "█", count: 12))
        #expect(BigDigits.width(of: "¥12.50", scale: scale) == 84)
        #expect(BigDigits.rowCount(scale: scale) == 10)
    }

    @Test func bigDigitsFitTheLargestProportionedScale() {
        // 21 columns × 5 rows at scale 1.
        #expect(BigDigits.fittingScale(for: "¥12.50", width: 116, height: 17) == BigDigits.Scale(columns: 5, rows: 3))
        #expect(BigDigits.fittingScale(for: "¥12.50", width: 116, height: 10) == BigDigits.Scale(columns: 4, rows: 2))
        #expect(BigDigits.fittingScale(for: "¥12.50", width: 76, height: 7) == BigDigits.Scale(columns: 2, rows: 1))
        #expect(BigDigits.fittingScale(for: "¥12.50", width: 30, height: 40) == .one)
        #expect(BigDigits.fittingScale(for: "¥12.50", width: 20, height: 40) == nil)
        #expect(BigDigits.fittingScale(for: "¥12.50", width: 80, height: 4) == nil)
    }

    /// The PAID confirmation fills a 120×40 pane with big glyphs and still fits, whole, at 80×24.
    @Test func paidScreenScalesToThePaneAndFitsAtEightyByTwentyFour() {
        let lines = ["✓ PAID   Paid ¥12.50", "Order number PD20261124ABCDEF", "", "Press any key for the next sale"]
        for (size, minimumRows) in [(TerminalSize(columns: 120, rows: 40), 15), (TerminalSize(columns: 80, rows: 24), 5)] {
            let area = CellRect(row: 1, column: 0, width: size.columns, height: size.rows - 2)
            let layout = PaidScreen.layout(amount: "¥12.50", lines: lines, area: area)
            #expect(layout.blocks.map(\.text) == [PaidScreen.bigWord, "¥12.50"])
            #expect(layout.blocks.allSatisfy { $0.rect.height >= minimumRows }, "\(size): \(layout.blocks)")
            let covered = layout.blocks.map(\.rect) + layout.lines.map {
                CellRect(row: $0.origin.row, column: $0.origin.column, width: DisplayWidth.of($0.text), height: 1)
            }
            for rect in covered {
                #expect(rect.row >= area.row && rect.row + rect.height <= area.row + area.height, "\(size): \(rect)")
                #expect(rect.column >= area.column && rect.column + rect.width <= area.column + area.width)
            }
            // Word above amount above text, never overlapping.
            let bottoms = covered.map { $0.row + $0.height }
            #expect(zip(covered.dropFirst(), bottoms).allSatisfy { $0.row >= $1 })

            var surface = Surface(size: size)
            layout.draw(into: &surface, area: area)
            let amountRect = layout.blocks[1].rect
            // The digits are cut out of the paid-colour pane: plain background cells among reversed ones.
            let cells = (amountRect.row..<amountRect.row + amountRect.height).flatMap { row in
                (amountRect.column..<amountRect.column + amountRect.width).map { surface[row, $0] }
            }
            #expect(cells.contains { $0.role == .background })
            #expect(cells.contains { $0.role == .paid && $0.attributes.contains(.reverse) })
            #expect(surface.lines().contains { $0.contains("Paid ¥12.50") })
        }
        // Too small for big glyphs: the text alone, still centred inside.
        let tiny = PaidScreen.layout(amount: "¥12.50", lines: lines, area: CellRect(row: 0, column: 0, width: 40, height: 8))
        #expect(tiny.blocks.isEmpty)
        #expect(tiny.lines.count == 4)
    }

    @Test func countdownShowsMinutesAndSecondsAndStopsAtZero() {
        let now = Date(timeIntervalSince1970: 1000)
        #expect(CheckoutText.countdown(until: now.addingTimeInterval(600), now: now) == "10:00")
        #expect(CheckoutText.countdown(until: now.addingTimeInterval(59.2), now: now) == "1:00")
        #expect(CheckoutText.countdown(until: now.addingTimeInterval(9), now: now) == "0:09")
        #expect(CheckoutText.countdown(until: now.addingTimeInterval(3725), now: now) == "1:02:05")
        #expect(CheckoutText.countdown(until: now.addingTimeInterval(-5), now: now) == "0:00")
    }

    @Test func amountFieldComplainsOnlyAboutWhatTypingCannotFix() {
        #expect(CheckoutText.amountProblem("12.") == nil)
        #expect(CheckoutText.amountProblem("") == nil)
        #expect(CheckoutText.amountProblem("12.505") == AmountError.tooManyDecimals.message)
        #expect(CheckoutText.bigAmount(1250) == "¥12.50")
    }

    @Test func customerConfirmingIsShownWhileTheSubStateSaysSo() {
        var pending = order(.pending)
        pending.subState = PendingSubState.customerConfirming.rawValue
        #expect(CheckoutText.statusLine(for: pending, strings: english).text == "… Customer confirming…")
        #expect(CheckoutText.statusLine(for: order(.paid), strings: english).text == "✓ PAID")
    }

    @Test func orderRowFillsTheWidthExactlyWithChineseDescriptions() {
        for width in [80, 100, 120, 160] {
            let row = OrderRows.row(order(.paid, description: "拿铁咖啡 大杯 加燕麦奶 外带两份"), width: width,
                                    strings: english, timeZone: utc)
            #expect(DisplayWidth.of(row.plainText) == width)
            #expect(DisplayWidth.of(OrderRows.header(width: width, strings: english).plainText) == width)
        }
        let narrow = OrderRows.row(order(.paid, description: "拿铁咖啡大杯加燕麦奶外带两份再来一份"), width: 80,
                                   strings: english, timeZone: utc)
        #expect(narrow[2].text.contains("…"))
    }

    @Test func orderRowShowsStatusAsGlyphWordAndRole() {
        let paid = OrderRows.row(order(.paid), width: 100, strings: english, timeZone: utc)
        #expect(paid[4].text.hasPrefix("✓ PAID"))
        #expect(paid[4].role == .paid)
        #expect(paid[3].text.hasSuffix("12.50 "))
        #expect(paid[0].text.hasPrefix(" 11-24 16:00:00"))
        var expired = order(.closed)
        expired.closeReason = CloseReason.expired.rawValue
        #expect(OrderRows.row(expired, width: 100, strings: english)[4].text.hasPrefix("⊘ EXPIRED"))
        var refunded = order(.partiallyRefunded)
        refunded.refundedTotal = 500
        let row = OrderRows.row(refunded, width: 100, strings: chinese)
        #expect(row[4].text.hasPrefix("↺ " + chinese[.statusPartiallyRefunded]))
        #expect(row[5].text.hasSuffix("5.00"))
        #expect(row[5].role == .refunded)
    }

    @Test func notificationRowTellsVerdictsOutcomeAndAnswer() {
        var record = NotificationRecord(receivedAt: Date(timeIntervalSince1970: 1_764_000_000), headersJSON: "{}",
                                        body: "{}", path: "/notify")
        record.verdict = "rejected"
        record.verdictDetail = "bad_signature"
        record.decryptVerdict = "skipped"
        record.outcome = "rejected"
        record.httpStatus = 401
        let row = NotificationRows.row(record, width: 120, strings: english, timeZone: utc)
        #expect(DisplayWidth.of(row.plainText) == 120)
        #expect(row[3].text.hasPrefix("✗ invalid"))
        #expect(row[3].role == .failed)
        #expect(row[5].text.hasPrefix("✗ rejected: bad_signature"))
        #expect(row[6].text == " 401")
        #expect(row[6].role == .failed)
        record.verdict = "verified"
        record.decryptVerdict = "ok"
        record.outcome = "applied"
        record.eventType = "TRANSACTION.SUCCESS"
        record.httpStatus = 200
        let applied = NotificationRows.row(record, width: 120, strings: chinese, timeZone: utc)
        #expect(applied[1].text.hasPrefix("TRANSACTION.SUCCESS"))
        #expect(applied[3].role == .paid)
        #expect(applied[4].text.hasPrefix("✓ ok"))
        #expect(DisplayWidth.of(applied.plainText) == 120)
        // Stored and acknowledged during a storm, applied later: pending, not an alert.
        record.outcome = "queued"
        let queued = NotificationRows.row(record, width: 120, strings: english, timeZone: utc)
        #expect(queued[5].text.hasPrefix("… queued"))
        #expect(queued[5].role == .pending)
        #expect(NotificationRows.row(record, width: 120, strings: chinese, timeZone: utc)[5].text.hasPrefix("… 已入队"))
        // The header is as wide as the rows, so its last title is not cut.
        for width in [80, 120, 160] {
            let header = NotificationRows.header(width: width, strings: english)
            #expect(DisplayWidth.of(header.plainText) == width)
            #expect(header.last?.text == "HTTP")
        }
    }

    @Test func notificationDetailShowsHeadersEnvelopeAndResource() {
        var record = NotificationRecord(receivedAt: Date(), headersJSON: #"{"Wechatpay-Serial":"ABC"}"#,
                                        body: #"{"id":"EV-1","resource":{"ciphertext":"xyz"}}"#)
        record.decryptedResource = #"{"out_trade_no":"PD1","trade_state":"SUCCESS"}"#
        let lines = NotificationDetailPane.lines(for: record, strings: english)
        #expect(lines.contains("── Headers ──"))
        #expect(lines.contains { $0.contains("\"Wechatpay-Serial\" : \"ABC\"") })
        #expect(lines.contains { $0.contains("\"ciphertext\" : \"xyz\"") })
        #expect(lines.contains { $0.contains("\"trade_state\" : \"SUCCESS\"") })
    }

    @Test func detailFieldsListAmountsInYuanAndTheRefundableRest() {
        var paid = order(.partiallyRefunded)
        paid.refundedTotal = 250
        paid.payerTotal = 1250
        let fields = DetailText.fields(of: paid, strings: english, timeZone: utc)
        let lookup = Dictionary(fields.map { ($0.label, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(lookup["Amount"] == "¥12.50 CNY")
        #expect(lookup["Refundable"] == "¥10.00")
        #expect(lookup["Created"] == "2025-11-24 16:00:00")
        #expect(DetailText.fields(of: order(.pending), strings: english).first { $0.label == "Refundable" }?.value == "—")
    }

    @Test func everyNewStringExistsInBothLanguages() {
        #expect(english.missingEntries.isEmpty)
        #expect(chinese.missingEntries.isEmpty)
        #expect(chinese[.filterSevenDays] != english[.filterSevenDays])
    }
}
