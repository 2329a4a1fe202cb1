/// A 3×5 block font for what the customer must read from across the counter (`¥12.50`, `✓ PAID`), drawn at any
/// integer scale so it fills the pane it is in.
///
/// Rows use `█` for a filled cell; `draw` paints filled cells as spaces in reverse video so the glyphs stay one
/// column per cell even on terminals that draw ambiguous-width block characters wide.
public enum BigDigits {
    /// Rows of each glyph, top to bottom.
    static let glyphs: [Character: [String]] = [
        "0": ["███", "█ █", "█ █", "█ █", "███"],
        "1": ["██ ", " █ ", " █ ", " █ ", "███"],
        "2": ["███", "  █", "███", "█  ", "███"],
        "3": ["███", "  █", "███", "  █", "███"],
        "4": ["█ █", "█ █", "███", "  █", "  █"],
        "5": ["███", "█  ", "███", "  █", "███"],
        "6": ["███", "█  ", "███", "█ █", "███"],
        "7": ["███", "  █", "  █", "  █", "  █"],
        "8": ["███", "█ █", "███", "█ █", "███"],
        "9": ["███", "█ █", "███", "  █", "███"],
        ".": [" ", " ", " ", " ", "█"],
        ",": [" ", " ", " ", "█", "█"],
        "¥": ["█ █", " █ ", "███", " █ ", " █ "],
        " ": [" ", " ", " ", " ", " "],
        "P": ["███", "█ █", "███", "█  ", "█  "],
        "A": ["███", "█ █", "███", "█ █", "█ █"],
        "I": ["███", " █ ", " █ ", " █ ", "███"],
        "D": ["██ ", "█ █", "█ █", "█ █", "██ "],
        "✓": ["    █", "   █ ", "█ █  ", " █   ", "     "],
    ]

    /// Glyph height in rows at scale 1.
    public static let height = 5

    /// How much each font cell is magnified: `columns` wide and `rows` tall.
    public struct Scale: Sendable, Equatable {
        /// Terminal columns per font cell.
        public var columns: Int
        /// Terminal rows per font cell.
        public var rows: Int

        /// A scale; both factors at least 1.
        public init(columns: Int, rows: Int) {
            self.columns = max(1, columns)
            self.rows = max(1, rows)
        }

        /// The font as designed: one cell per font cell.
        public static let one = Scale(columns: 1, rows: 1)
    }

    /// The rows spelling `text` at `scale` (unknown characters are skipped), glyphs one font column apart.
    public static func rows(_ text: String, scale: Scale = .one) -> [String] {
        let shapes = text.compactMap { glyphs[$0] }
        let base = (0..<height).map { row in shapes.map { $0[row] }.joined(separator: " ") }
        let wide = base.map { line in
            String(line.flatMap { String(repeating: $0, count: scale.columns) })
        }
        return wide.flatMap { Array(repeating: $0, count: scale.rows) }
    }

    /// Columns `rows(text, scale:)` takes.
    public static func width(of text: String, scale: Scale = .one) -> Int {
        rows(text).first.map { $0.count * scale.columns } ?? 0
    }

    /// Rows `rows(text, scale:)` takes.
    public static func rowCount(scale: Scale) -> Int { height * scale.rows }

    /// The largest scale at which `text` fits in `width` × `height` cells, keeping font cells about as wide as
    /// two rows are tall (terminal cells are twice as tall as wide), so glyphs keep their shape; nil when even
    /// scale 1 does not fit.
    public static func fittingScale(for text: String, width: Int, height available: Int) -> Scale? {
        let baseWidth = self.width(of: text)
        guard baseWidth > 0, baseWidth <= width, Self.height <= available else { return nil }
        let rowsFactor = max(1, available / Self.height)
        let columnsFactor = max(1, width / baseWidth)
        // Two columns per row keeps the proportions; fewer when the width runs out.
        let rows = min(rowsFactor, max(1, (columnsFactor + 1) / 2))
        let columns = min(columnsFactor, rows * 2)
        return Scale(columns: columns, rows: rows)
    }

    /// Paints `text` at `point` in `role` (filled cells reverse video, or plain when `reverse` is false);
    /// returns false, drawing nothing, when it does not fit in `maxWidth`.
    @discardableResult
    public static func draw(_ text: String, at point: CellPoint, role: StyleRole, into surface: inout Surface,
                            maxWidth: Int, scale: Scale = .one, reverse: Bool = true) -> Bool {
        let lines = rows(text, scale: scale)
        guard let first = lines.first, first.count <= maxWidth else { return false }
        for (offset, line) in lines.enumerated() {
            for (column, character) in line.enumerated() where character == "█" {
                surface.put(text: " ", at: CellPoint(row: point.row + offset, column: point.column + column),
                            role: role, attributes: reverse ? .reverse : [])
            }
        }
        return true
    }
}
