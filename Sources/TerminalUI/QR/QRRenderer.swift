/// How a QR code is drawn in a terminal.
public enum QRStyle: String, Sendable, CaseIterable {
    /// Unicode half blocks, two module rows per text row (like `qrencode -t UTF8`).
    case halfBlocks = "blocks"
    /// Two spaces per module with a white or black background: no ambiguous-width characters.
    case wide
}

/// A stretch of a rendered QR row in one colour pair.
public struct QRRun: Sendable, Hashable {
    /// The characters (half blocks or spaces).
    public var text: String
    /// `false`: light foreground on black (`StyleRole.qr`); `true`: black on a light background
    /// (`StyleRole.qrLight`, wide style's light modules).
    public var lightBackground: Bool

    /// The style role to draw the run with.
    public var role: StyleRole { lightBackground ? .qrLight : .qr }
}

/// Pure QR-to-text rendering; the caller draws the runs in the fixed QR colour pairs.
public enum QRRenderer {
    /// The text rows of `matrix` including a quiet zone of `quietZone` modules.
    ///
    /// Half blocks reproduce `qrencode -t UTF8`: light modules are `█`, `▀` or `▄` in the foreground and
    /// dark modules are blank, so the pair must be light-on-black. Wide rows are spaces; use `lines` for
    /// their background colours.
    public static func rows(_ matrix: QRMatrix, style: QRStyle, quietZone: Int = 4) -> [String] {
        lines(matrix, style: style, quietZone: quietZone).map { $0.map(\.text).joined() }
    }

    /// The rows as coloured runs.
    public static func lines(_ matrix: QRMatrix, style: QRStyle, quietZone: Int = 4) -> [[QRRun]] {
        let side = matrix.width + 2 * quietZone
        func light(_ row: Int, _ column: Int) -> Bool {
            !matrix.isDark(row: row - quietZone, column: column - quietZone)
        }
        switch style {
        case .halfBlocks:
            // UTF-8 bytes straight into one buffer per row: appending Unicode scalars to a String cost about
            // 500 instructions each (callgrind), more than libqrencode's whole encoding per module.
            var result: [[QRRun]] = []
            result.reserveCapacity((side + 1) / 2)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(3 * side)
            var row = 0
            while row < side {
                bytes.removeAll(keepingCapacity: true)
                for column in 0..<side {
                    let top = light(row, column)
                    // Past the last module row (odd side) is quiet zone: light.
                    let bottom = row + 1 < side ? light(row + 1, column) : true
                    switch (top, bottom) {
                    case (true, true): bytes += halfBlockFull
                    case (true, false): bytes += halfBlockUpper
                    case (false, true): bytes += halfBlockLower
                    case (false, false): bytes.append(0x20)
                    }
                }
                result.append([QRRun(text: String(decoding: bytes, as: UTF8.self), lightBackground: false)])
                row += 2
            }
            return result
        case .wide:
            return (0..<side).map { row in
                var runs: [QRRun] = []
                var column = 0
                while column < side {
                    let isLight = light(row, column)
                    var length = 0
                    while column < side, light(row, column) == isLight {
                        length += 1
                        column += 1
                    }
                    runs.append(QRRun(text: String(repeating: "  ", count: length), lightBackground: isLight))
                }
                return runs
            }
        }
    }

    /// UTF-8 of `█`, `▀` and `▄`.
    private static let halfBlockFull: [UInt8] = [0xE2, 0x96, 0x88]
    private static let halfBlockUpper: [UInt8] = [0xE2, 0x96, 0x80]
    private static let halfBlockLower: [UInt8] = [0xE2, 0x96, 0x84]

    /// Columns and rows needed to draw `matrix` in `style` with the quiet zone.
    public static func requiredSize(for matrix: QRMatrix, style: QRStyle, quietZone: Int = 4)
        -> (columns: Int, rows: Int)
    {
        let side = matrix.width + 2 * quietZone
        switch style {
        case .halfBlocks: return (side, (side + 1) / 2)
        case .wide: return (2 * side, side)
        }
    }

    /// Draws `matrix` into `surface` at `point`; returns false (drawing nothing) when it does not fit.
    @discardableResult
    public static func draw(_ matrix: QRMatrix, style: QRStyle, quietZone: Int = 4, into surface: inout Surface,
                            at point: CellPoint) -> Bool {
        let needed = requiredSize(for: matrix, style: style, quietZone: quietZone)
        guard point.row >= 0, point.column >= 0, point.column + needed.columns <= surface.size.columns,
              point.row + needed.rows <= surface.size.rows else { return false }
        for (offset, runs) in lines(matrix, style: style, quietZone: quietZone).enumerated() {
            var column = point.column
            for run in runs {
                column += surface.put(text: run.text, at: CellPoint(row: point.row + offset, column: column),
                                      role: run.role)
            }
        }
        return true
    }
}
