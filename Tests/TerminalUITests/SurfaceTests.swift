import Testing
@testable import TerminalUI

@Suite struct SurfaceTests {
    @Test func measuresChineseAsTwoColumnsAndEmojiAsTwo() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("收银台") == 6)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("✓ PAID") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test func truncatesByDisplayWidthWithEllipsis() {
        #expect(DisplayWidth.truncate("hello world", to: 8) == "hello w…")
        #expect(DisplayWidth.truncate("微信支付订单", to: 7) == "微信支…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("微信支付订单", to: 6)) <= 6)
        #expect(DisplayWidth.truncate("短", to: 5) == "短")
    }

    @Test func putWritesWideCharactersIntoTwoCells() {
        var surface = Surface(size: TerminalSize(columns: 10, rows: 1))
        let used = surface.put(text: "A中B", at: CellPoint(row: 0, column: 0))
        #expect(used == 4)
        #expect(surface[0, 1].text == "中" && surface[0, 1].width == 2)
        #expect(surface[0, 2].isContinuation)
        #expect(surface.lines() == ["A中B      "])
    }

    @Test func putTruncatesToMaxWidthWithEllipsis() {
        var surface = Surface(size: TerminalSize(columns: 12, rows: 1))
        surface.put(text: "订单号 4200001234", at: CellPoint(row: 0, column: 1), maxWidth: 9)
        #expect(surface.lines() == [" 订单号 4…  "])
    }

    @Test func wideCharacterNeverStraddlesTheRightEdge() {
        var surface = Surface(size: TerminalSize(columns: 5, rows: 1))
        surface.put(text: "ab中文", at: CellPoint(row: 0, column: 0))
        #expect(surface.lines() == ["ab中…"])
        #expect(DisplayWidth.of(surface.lines()[0]) == 5)
    }

    @Test func emojiTakesTwoCells() {
        var surface = Surface(size: TerminalSize(columns: 6, rows: 1))
        surface.put(text: "😀ok", at: CellPoint(row: 0, column: 0))
        #expect(surface[0, 1].isContinuation)
        #expect(surface.lines() == ["😀ok  "])
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var surface = Surface(size: TerminalSize(columns: 4, rows: 1))
        surface.put(text: "中文", at: CellPoint(row: 0, column: 0))
        surface.put(text: "x", at: CellPoint(row: 0, column: 1))
        #expect(surface.lines() == [" x文"])
        surface.put(text: "y", at: CellPoint(row: 0, column: 2))
        #expect(surface.lines() == [" xy "])
    }

    @Test func controlCharactersBecomeSpaces() {
        var surface = Surface(size: TerminalSize(columns: 4, rows: 1))
        surface.put(text: "a\tb", at: CellPoint(row: 0, column: 0))
        #expect(surface.lines() == ["a b "])
    }

    @Test func boxDrawsBordersAndTitle() {
        var surface = Surface(size: TerminalSize(columns: 10, rows: 3))
        surface.box(surface.bounds, title: "订单")
        #expect(surface.lines() == ["┌─ 订单 ─┐", "│        │", "└────────┘"])
        #expect(surface[0, 3].role == .title)
    }

    @Test func diffOfIdenticalSurfacesIsEmpty() {
        var surface = Surface(size: TerminalSize(columns: 20, rows: 5))
        surface.put(text: "hello", at: CellPoint(row: 1, column: 1))
        #expect(surface.diff(from: surface).isEmpty)
    }

    @Test func diffWritesOnlyChangedCellsGroupedIntoRuns() {
        var before = Surface(size: TerminalSize(columns: 20, rows: 3))
        before.put(text: "Expires in 09:59", at: CellPoint(row: 1, column: 2))
        var after = before
        after.put(text: "Expires in 09:58", at: CellPoint(row: 1, column: 2))
        let runs = after.diff(from: before)
        #expect(runs.count == 1)
        #expect(runs.first?.row == 1 && runs.first?.column == 17 && runs.first?.text == "8")
    }

    @Test func diffSplitsRunsOnStyleChangesAndGaps() {
        let before = Surface(size: TerminalSize(columns: 10, rows: 1))
        var after = before
        after.put(text: "ab", at: CellPoint(row: 0, column: 0), role: .paid)
        after.put(text: "c", at: CellPoint(row: 0, column: 2), role: .failed)
        after.put(text: "d", at: CellPoint(row: 0, column: 5), role: .failed)
        let runs = after.diff(from: before)
        #expect(runs.map(\.text) == ["ab", "c", "d"])
        #expect(runs.map(\.column) == [0, 2, 5])
    }

    @Test func diffIncludesWideCharacterOnceAndAdvancesByItsWidth() {
        let before = Surface(size: TerminalSize(columns: 6, rows: 1))
        var after = before
        after.put(text: "中a", at: CellPoint(row: 0, column: 1))
        let runs = after.diff(from: before)
        #expect(runs.count == 1)
        #expect(runs.first?.text == "中a" && runs.first?.column == 1)
    }

    @Test func diffAfterResizeRepaintsEveryRow() {
        let before = Surface(size: TerminalSize(columns: 5, rows: 2))
        let after = Surface(size: TerminalSize(columns: 6, rows: 3))
        let runs = after.diff(from: before)
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0.cells.count == 6 })
    }

    @Test func blitCopiesAnotherSurface() {
        var small = Surface(size: TerminalSize(columns: 3, rows: 1))
        small.put(text: "中x", at: CellPoint(row: 0, column: 0))
        var big = Surface(size: TerminalSize(columns: 6, rows: 2))
        big.blit(small, at: CellPoint(row: 1, column: 2))
        #expect(big.lines() == ["      ", "  中x "])
    }
}
