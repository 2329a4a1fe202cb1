/// Fits table cells into fixed column widths, CJK-correct (display columns, not characters).
public enum TableColumns {
    /// How a cell lines up in its column.
    public enum Alignment: Sendable { case left, right }

    /// `text` cut with `…` or padded with spaces to exactly `width` display columns.
    public static func fit(_ text: String, width: Int, alignment: Alignment = .left) -> String {
        guard width > 0 else { return "" }
        let cut = DisplayWidth.truncate(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
        return alignment == .left ? cut + padding : padding + cut
    }
}

/// One piece of a rendered row: text and the role it is drawn in.
public struct RowSegment: Sendable, Equatable {
    /// The text (already fitted to its column).
    public var text: String
    /// The theme role.
    public var role: StyleRole

    /// A segment.
    public init(_ text: String, role: StyleRole = .text) {
        self.text = text
        self.role = role
    }
}

extension Array where Element == RowSegment {
    /// The row as plain text (segments joined).
    public var plainText: String { map(\.text).joined() }

    /// Draws the segments from `point`; `attributes` on every segment (e.g. reverse for the selection).
    func draw(into surface: inout Surface, at point: CellPoint, maxWidth: Int, attributes: TextAttributes = [],
              overrideRole: StyleRole? = nil) {
        var column = point.column
        for segment in self {
            let remaining = point.column + maxWidth - column
            guard remaining > 0 else { break }
            column += surface.put(text: segment.text, at: CellPoint(row: point.row, column: column),
                                  role: overrideRole ?? segment.role, attributes: attributes, maxWidth: remaining)
        }
    }
}
