import Testing
@testable import TerminalUI

@Suite struct WidgetTests {
    let english = Strings(language: .english)

    @Test func statusIsShownWithGlyphAndWord() {
        #expect(StatusBadge.forState("PAID", strings: english) == StatusBadge(text: "✓ PAID", role: .paid))
        #expect(StatusBadge.forState("PENDING", strings: english).text == "… PENDING")
        #expect(StatusBadge.forState("FAILED", strings: english).text == "✗ FAILED")
        #expect(StatusBadge.forState("REFUNDED", strings: english).text == "↺ REFUNDED")
        #expect(StatusBadge.forState("PAID", strings: Strings(language: .simplifiedChinese)).text == "✓ 已支付")
        for state in ["CREATED", "PENDING", "PAID", "REFUNDING", "PARTIALLY_REFUNDED", "REFUNDED", "CLOSED", "FAILED"] {
            let badge = StatusBadge.forState(state, strings: english)
            #expect(!badge.text.hasPrefix("?") && badge.text.count > 2, "\(state)")
        }
    }

    @Test func amountFieldAcceptsDigitsAndPointOnly() {
        var field = TextField.amount()
        for character in "12a.5x0" { field.insert(character) }
        #expect(field.text == "12.50")
        field.apply(.moveLeft)
        field.apply(.deleteBackward)
        #expect(field.text == "12.0" && field.cursor == 3)
    }

    @Test func fieldRendersChineseTextWithCursorAtTheEnd() {
        var field = TextField(text: "退款原因")
        var surface = Surface(size: TerminalSize(columns: 12, rows: 1))
        field.render(into: &surface, at: CellPoint(row: 0, column: 0), width: 10)
        #expect(surface.lines() == ["退款原因    "])
        #expect(surface[0, 8].attributes == .reverse)
        field.set("一二三四五六七")
        var scrolled = Surface(size: TerminalSize(columns: 12, rows: 1))
        field.render(into: &scrolled, at: CellPoint(row: 0, column: 0), width: 10)
        #expect(scrolled.lines()[0].hasPrefix("四五六七"))
    }
}
