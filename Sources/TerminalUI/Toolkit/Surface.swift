/// One character cell of a `Surface`.
public struct Cell: Sendable, Hashable {
    /// The grapheme shown; empty for the right half of a wide character.
    public var text: String
    /// Display columns taken by `text` (0 for the right half of a wide character).
    public var width: Int
    /// The semantic style.
    public var role: StyleRole
    /// Extra attributes on top of the role's own.
    public var attributes: TextAttributes

    /// Creates a cell.
    public init(text: String, width: Int = 1, role: StyleRole = .text, attributes: TextAttributes = []) {
        self.text = text
        self.width = width
        self.role = role
        self.attributes = attributes
    }

    /// A blank cell in `role`.
    public static func blank(_ role: StyleRole = .background) -> Cell {
        Cell(text: " ", width: 1, role: role)
    }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}

/// A changed stretch of one row, written to the terminal in one call.
public struct SurfaceRun: Sendable, Hashable {
    /// Row of the run.
    public var row: Int
    /// First column of the run.
    public var column: Int
    /// The cells in the run (continuation halves excluded; their columns follow from widths).
    public var cells: [Cell]

    /// The run's text.
    public var text: String { cells.map(\.text).joined() }
}

/// An in-memory grid of cells that panes draw into; the terminal writes only what changed.
///
/// Pure value type: it knows nothing of curses, so layout code is tested by rendering to text lines.
public struct Surface: Sendable, Equatable {
    /// The grid size.
    public let size: TerminalSize
    private var cells: [Cell]

    /// A surface of `size` filled with blank background cells.
    public init(size: TerminalSize, fill: Cell = .blank()) {
        self.size = TerminalSize(columns: max(0, size.columns), rows: max(0, size.rows))
        self.cells = Array(repeating: fill, count: self.size.columns * self.size.rows)
    }

    /// The whole surface as a rectangle.
    public var bounds: CellRect { CellRect(row: 0, column: 0, width: size.columns, height: size.rows) }

    /// The cell at `row`, `column` (a blank cell outside the grid).
    public subscript(row: Int, column: Int) -> Cell {
        guard contains(row: row, column: column) else { return .blank() }
        return cells[row * size.columns + column]
    }

    private func contains(row: Int, column: Int) -> Bool {
        row >= 0 && row < size.rows && column >= 0 && column < size.columns
    }

    /// Sets one cell, repairing any wide character it cuts in half.
    private mutating func set(_ cell: Cell, row: Int, column: Int) {
        guard contains(row: row, column: column) else { return }
        let index = row * size.columns + column
        let old = cells[index]
        if old.isContinuation, column > 0 {
            cells[index - 1] = Cell.blank(cells[index - 1].role)
        }
        if old.width == 2, column + 1 < size.columns, cell.width != 2 {
            cells[index + 1] = Cell.blank(old.role)
        }
        cells[index] = cell
    }

    // MARK: - Drawing

    /// Writes `text` starting at `point`, cut to `maxWidth` columns with `…`; returns the columns used.
    ///
    /// Control characters become spaces; a wide character that would straddle the right edge is not drawn.
    @discardableResult
    public mutating func put(
        text: String, at point: CellPoint, role: StyleRole = .text, attributes: TextAttributes = [],
        maxWidth: Int? = nil
    ) -> Int {
        guard point.row >= 0, point.row < size.rows, point.column < size.columns else { return 0 }
        let limit = min(maxWidth ?? Int.max, size.columns - max(0, point.column))
        guard limit > 0 else { return 0 }
        let shown = DisplayWidth.truncate(text, to: limit)
        var column = point.column
        for character in shown {
            var width = DisplayWidth.of(character)
            var grapheme = String(character)
            if width == 0 {
                if character.unicodeScalars.first.map({ $0.value < 0x20 || $0.value == 0x7F }) ?? true {
                    grapheme = " "
                    width = 1
                } else {
                    continue
                }
            }
            if column + width > point.column + limit { break }
            if column >= 0 {
                set(Cell(text: grapheme, width: width, role: role, attributes: attributes), row: point.row, column: column)
                if width == 2 {
                    set(Cell(text: "", width: 0, role: role, attributes: attributes), row: point.row, column: column + 1)
                }
            }
            column += width
        }
        return column - point.column
    }

    /// Fills `rect` with `character` in `role`.
    public mutating func fill(_ rect: CellRect, with character: Character = " ", role: StyleRole = .background,
                              attributes: TextAttributes = []) {
        let width = max(1, DisplayWidth.of(character))
        if DisplayWidth.of(character) == 1 {
            // One cell set straight into the grid: `put` per cell measured and truncated the same one-character
            // string for every cell of the rectangle (24 % of the orders pane's CPU per key).
            let cell = Cell(text: String(character), width: 1, role: role, attributes: attributes)
            let rows = max(0, rect.row)..<max(max(0, rect.row), min(size.rows, rect.row + rect.height))
            let columns = max(0, rect.column)..<max(max(0, rect.column), min(size.columns, rect.column + rect.width))
            for row in rows {
                for column in columns { set(cell, row: row, column: column) }
            }
            return
        }
        for row in max(0, rect.row)..<min(size.rows, rect.row + rect.height) {
            var column = rect.column
            while column + width <= rect.column + rect.width {
                put(text: String(character), at: CellPoint(row: row, column: column), role: role, attributes: attributes)
                column += width
            }
        }
    }

    /// Draws a single-line box around `rect`, with an optional title in the top border.
    public mutating func box(_ rect: CellRect, role: StyleRole = .border, title: String? = nil,
                             titleRole: StyleRole = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.column + rect.width - 1
        let bottom = rect.row + rect.height - 1
        horizontalLine(row: rect.row, from: rect.column + 1, to: right - 1, role: role)
        horizontalLine(row: bottom, from: rect.column + 1, to: right - 1, role: role)
        for row in (rect.row + 1)..<bottom {
            put(text: "│", at: CellPoint(row: row, column: rect.column), role: role)
            put(text: "│", at: CellPoint(row: row, column: right), role: role)
        }
        put(text: "┌", at: CellPoint(row: rect.row, column: rect.column), role: role)
        put(text: "┐", at: CellPoint(row: rect.row, column: right), role: role)
        put(text: "└", at: CellPoint(row: bottom, column: rect.column), role: role)
        put(text: "┘", at: CellPoint(row: bottom, column: right), role: role)
        if let title, rect.width > 4 {
            put(text: " \(title) ", at: CellPoint(row: rect.row, column: rect.column + 2), role: titleRole,
                attributes: .bold, maxWidth: rect.width - 4)
        }
    }

    /// Draws `─` on `row` from column `start` through `end` inclusive.
    public mutating func horizontalLine(row: Int, from start: Int, to end: Int, role: StyleRole = .border) {
        guard end >= start else { return }
        for column in start...end {
            put(text: "─", at: CellPoint(row: row, column: column), role: role)
        }
    }

    /// Copies `other` onto this surface with its top-left corner at `point`.
    public mutating func blit(_ other: Surface, at point: CellPoint) {
        for row in 0..<other.size.rows {
            for column in 0..<other.size.columns {
                let cell = other[row, column]
                guard !cell.isContinuation else { continue }
                set(cell, row: point.row + row, column: point.column + column)
                if cell.width == 2 {
                    set(Cell(text: "", width: 0, role: cell.role, attributes: cell.attributes),
                        row: point.row + row, column: point.column + column + 1)
                }
            }
        }
    }

    // MARK: - Output

    /// The surface as plain text, one string per row, trailing spaces kept.
    public func lines() -> [String] {
        (0..<size.rows).map { row in
            (0..<size.columns).map { self[row, $0].text }.joined()
        }
    }

    /// The minimal runs that turn `previous` into this surface.
    ///
    /// A changed cell joins the run before it when it is adjacent and has the same style, so one curses
    /// call writes it. When the sizes differ, every row is one run (a full repaint).
    public func diff(from previous: Surface?) -> [SurfaceRun] {
        let full = previous == nil || previous?.size != size
        var runs: [SurfaceRun] = []
        for row in 0..<size.rows {
            var current: SurfaceRun?
            var column = 0
            while column < size.columns {
                let cell = self[row, column]
                let changed = full || cellChanged(row: row, column: column, previous: previous)
                if cell.isContinuation {
                    column += 1
                    continue
                }
                if changed {
                    if var run = current, run.cells.last.map({ sameStyle($0, cell) }) ?? false,
                       run.column + run.cells.reduce(0, { $0 + $1.width }) == column {
                        run.cells.append(cell)
                        current = run
                    } else {
                        if let run = current { runs.append(run) }
                        current = SurfaceRun(row: row, column: column, cells: [cell])
                    }
                } else if let run = current {
                    runs.append(run)
                    current = nil
                }
                column += max(1, cell.width)
            }
            if let run = current { runs.append(run) }
        }
        return runs
    }

    /// Whether the cell (or, for a wide cell, its right half) differs from `previous`.
    private func cellChanged(row: Int, column: Int, previous: Surface?) -> Bool {
        guard let previous else { return true }
        let cell = self[row, column]
        if cell != previous[row, column] { return true }
        return cell.width == 2 && self[row, column + 1] != previous[row, column + 1]
    }

    private func sameStyle(_ left: Cell, _ right: Cell) -> Bool {
        left.role == right.role && left.attributes == right.attributes
    }
}
