/// A 3×5 block font for amounts the customer must read from across the counter (`¥12.50`).
///
/// Rows use `█` for a filled cell; `draw` paints filled cells as reverse-video spaces so the digits stay one
/// column wide even on terminals that draw ambiguous-width block characters wide.
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
    ]

    /// Glyph height in rows.
    public static let height = 5

    /// The five rows spelling `text` (unknown characters are skipped), glyphs one column apart.
    public static func rows(_ text: String) -> [String] {
        let shapes = text.compactMap { glyphs[$0] }
        return (0..<height).map { row in shapes.map { $0[row] }.joined(separator: " ") }
    }

    /// Columns `rows(text)` takes.
    public static func width(of text: String) -> Int {
        rows(text).first.map { $0.count } ?? 0
    }

    /// Paints `text` at `point` in `role` (filled cells reverse video); returns false when it does not fit.
    @discardableResult
    public static func draw(_ text: String, at point: CellPoint, role: StyleRole, into surface: inout Surface,
                            maxWidth: Int) -> Bool {
        let lines = rows(text)
        guard let first = lines.first, first.count <= maxWidth else { return false }
        for (offset, line) in lines.enumerated() {
            for (column, character) in line.enumerated() where character == "█" {
                surface.put(text: " ", at: CellPoint(row: point.row + offset, column: point.column + column),
                            role: role, attributes: .reverse)
            }
        }
        return true
    }
}
