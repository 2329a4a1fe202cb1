/// The cashier's full-pane PAID confirmation, laid out by a pure function so that tests can check it at any size:
/// a big `✓ PAID`, the paid amount in big digits, then the amount, order number and next-sale hint as text.
public struct PaidScreen: Sendable, Equatable {
    /// What the big glyphs spell above the amount.
    public static let bigWord = "✓ PAID"

    /// One block of big glyphs and where it goes.
    public struct Block: Sendable, Equatable {
        public var text: String
        public var origin: CellPoint
        public var scale: BigDigits.Scale
        /// The cells it covers.
        public var rect: CellRect {
            CellRect(row: origin.row, column: origin.column, width: BigDigits.width(of: text, scale: scale),
                     height: BigDigits.rowCount(scale: scale))
        }
    }

    /// One line of text and where it starts.
    public struct Line: Sendable, Equatable {
        public var text: String
        public var origin: CellPoint
    }

    /// The big word, then the big amount (empty when the pane is too small for them).
    public var blocks: [Block]
    /// Text lines, each centred at its row.
    public var lines: [Line]

    /// Lays out the confirmation of `amount` (e.g. `¥12.50`) with `lines` of text inside `area`.
    ///
    /// Both big blocks share the largest scale at which the two of them, the gaps and the text fit, so the
    /// confirmation fills a large pane and still fits at 80×24; below that only the text is shown.
    public static func layout(amount: String, lines texts: [String], area: CellRect) -> PaidScreen {
        let gaps = 3  // word–amount, amount–text, and one row of margin
        let budget = max(0, area.height - texts.count - gaps)
        let widest = [bigWord, amount].max { BigDigits.width(of: $0) < BigDigits.width(of: $1) } ?? amount
        let scale = BigDigits.fittingScale(for: widest, width: area.width - 4, height: budget / 2)
        var blocks: [Block] = []
        var contentHeight = texts.count
        if let scale {
            contentHeight += 2 * BigDigits.rowCount(scale: scale) + 2
        }
        var row = area.row + max(0, (area.height - contentHeight) / 2)
        if let scale {
            for text in [bigWord, amount] {
                let width = BigDigits.width(of: text, scale: scale)
                blocks.append(Block(text: text, origin: CellPoint(row: row, column: area.column + max(0, (area.width - width) / 2)),
                                    scale: scale))
                row += BigDigits.rowCount(scale: scale) + 1
            }
        }
        var lines: [Line] = []
        for text in texts {
            let column = area.column + max(0, (area.width - DisplayWidth.of(text)) / 2)
            lines.append(Line(text: text, origin: CellPoint(row: row, column: column)))
            row += 1
        }
        return PaidScreen(blocks: blocks, lines: lines)
    }

    /// Paints the layout: the pane in the paid colour (reverse video), big glyphs cut out of it in the background
    /// colour, text in reverse bold.
    public func draw(into surface: inout Surface, area: CellRect) {
        surface.fill(area, role: .paid, attributes: .reverse)
        for block in blocks {
            BigDigits.draw(block.text, at: block.origin, role: .background, into: &surface,
                           maxWidth: area.width, scale: block.scale, reverse: false)
        }
        for line in lines {
            surface.put(text: line.text, at: line.origin, role: .paid, attributes: [.reverse, .bold],
                        maxWidth: max(0, area.column + area.width - line.origin.column))
        }
    }
}
