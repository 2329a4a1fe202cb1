/// A terminal size in character cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    /// Number of columns.
    public var columns: Int
    /// Number of rows.
    public var rows: Int

    /// Creates a size of `columns` × `rows` cells.
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    public var description: String { "\(columns)×\(rows)" }
}

/// A cell position: zero-based row and column.
public struct CellPoint: Sendable, Hashable {
    /// Zero-based row.
    public var row: Int
    /// Zero-based column.
    public var column: Int

    /// Creates a point at `row`, `column`.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// A rectangle of cells.
public struct CellRect: Sendable, Hashable {
    /// Top-left row.
    public var row: Int
    /// Top-left column.
    public var column: Int
    /// Width in columns.
    public var width: Int
    /// Height in rows.
    public var height: Int

    /// Creates a rectangle from its top-left corner and size.
    public init(row: Int, column: Int, width: Int, height: Int) {
        self.row = row
        self.column = column
        self.width = width
        self.height = height
    }

    /// The rectangle shrunk by `amount` cells on every side (never negative).
    public func inset(by amount: Int) -> CellRect {
        CellRect(
            row: row + amount, column: column + amount,
            width: max(0, width - 2 * amount), height: max(0, height - 2 * amount))
    }

    /// A rectangle of `width` × `height` centred in this one (clipped to it).
    public func centered(width: Int, height: Int) -> CellRect {
        let clippedWidth = min(width, self.width)
        let clippedHeight = min(height, self.height)
        return CellRect(
            row: row + (self.height - clippedHeight) / 2, column: column + (self.width - clippedWidth) / 2,
            width: clippedWidth, height: clippedHeight)
    }
}
