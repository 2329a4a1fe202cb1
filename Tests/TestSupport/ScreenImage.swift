import Foundation

/// One character cell of a captured screen: its character and whether its background is light.
public struct ScreenCell: Equatable, Sendable {
    public var character: Character
    public var lightBackground: Bool

    public init(character: Character, lightBackground: Bool) {
        self.character = character
        self.lightBackground = lightBackground
    }
}

/// Turns captured terminal rows into a greyscale image, exactly as a terminal shows a QR code (white
/// foreground blocks, black or white backgrounds), and decodes it with `zbarimg`.
///
/// Reusable for any captured screen: the end-to-end tmux test converts `capture-pane` rows the same way.
public enum ScreenImage {
    /// Pixels per cell; a cell is twice as tall as wide, so one half block (or one wide-style module of
    /// two cells) is a square.
    public static let cellWidth = 4
    public static let cellHeight = 8

    /// Cells of plain captured text: light foreground on a black background (the QR pair).
    public static func cells(fromTextRows rows: [String]) -> [[ScreenCell]] {
        rows.map { row in row.map { ScreenCell(character: $0, lightBackground: false) } }
    }

    /// Cells of rows captured with colours (`tmux capture-pane -p -e`): SGR background colours decide
    /// which cells are light (white 7/15/231/255 in 256-colour, 47 or 107 in 8/16-colour form).
    ///
    /// tmux carries the SGR state from one captured row to the next, and leaves out cells that curses
    /// cleared with "erase to end of line" (back-colour erase), without their colour: each row is padded
    /// to `width` with cells that are light when `missingCellsAreLight` (right for a QR code, whose
    /// trailing cells and blank top and bottom rows are its light quiet zone).
    public static func cells(fromANSIRows rows: [String], width: Int, missingCellsAreLight: Bool = false) -> [[ScreenCell]] {
        var lightBackground = false
        return rows.map { row in
            var cells: [ScreenCell] = []
            var scalars = Array(row.unicodeScalars)[...]
            while let scalar = scalars.first {
                scalars = scalars.dropFirst()
                guard scalar == "\u{1B}" else {
                    cells.append(ScreenCell(character: Character(scalar), lightBackground: lightBackground))
                    continue
                }
                guard scalars.first == "[" else { continue }
                scalars = scalars.dropFirst()
                var body = ""
                while let next = scalars.first, !(0x40...0x7E).contains(next.value) {
                    body.unicodeScalars.append(next)
                    scalars = scalars.dropFirst()
                }
                let final = scalars.first
                scalars = scalars.dropFirst()
                guard final == "m" else { continue }
                lightBackground = applySGR(body, lightBackground: lightBackground)
            }
            while cells.count < width { cells.append(ScreenCell(character: " ", lightBackground: missingCellsAreLight)) }
            return cells
        }
    }

    /// The background lightness after one SGR sequence's parameters.
    private static func applySGR(_ body: String, lightBackground: Bool) -> Bool {
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        var light = lightBackground
        var index = 0
        while index < parameters.count {
            switch parameters[index] {
            case 0, 49: light = false
            case 40...46, 100...106: light = false
            case 47, 107: light = true
            case 38:
                index += parameters.dropFirst(index + 1).first == 5 ? 2 : 4
            case 48:
                if parameters.dropFirst(index + 1).first == 5, let color = parameters.dropFirst(index + 2).first {
                    light = [7, 15, 231, 255].contains(color)
                    index += 2
                } else {
                    let rgb = Array(parameters.dropFirst(index + 2).prefix(3))
                    light = rgb.count == 3 && rgb.allSatisfy { $0 > 200 }
                    index += 4
                }
            default: break
            }
            index += 1
        }
        return light
    }

    /// A binary PGM (P5) of `cells`: white 255, black 0.
    public static func pgm(_ cells: [[ScreenCell]]) -> Data {
        let columns = cells.map(\.count).max() ?? 0
        let width = columns * cellWidth
        let height = cells.count * cellHeight
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (row, line) in cells.enumerated() {
            for (column, cell) in line.enumerated() {
                let (top, bottom) = halves(cell)
                for y in 0..<cellHeight {
                    let light = y < cellHeight / 2 ? top : bottom
                    guard light else { continue }
                    let start = (row * cellHeight + y) * width + column * cellWidth
                    for x in 0..<cellWidth { pixels[start + x] = 255 }
                }
            }
        }
        var data = Data("P5\n\(width) \(height)\n255\n".utf8)
        data.append(contentsOf: pixels)
        return data
    }

    /// Whether the upper and lower halves of a cell look light.
    private static func halves(_ cell: ScreenCell) -> (Bool, Bool) {
        switch cell.character {
        case "█": return (true, true)
        case "▀": return (true, cell.lightBackground)
        case "▄": return (cell.lightBackground, true)
        default: return (cell.lightBackground, cell.lightBackground)
        }
    }

    /// Path of `zbarimg`, nil when it is not installed.
    public static var zbarimgPath: String? {
        ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Decodes the image with `zbarimg --raw -q`; returns its output without the final newline.
    public static func decode(_ image: Data) throws -> String {
        guard let zbarimg = zbarimgPath else { throw DecodeError.zbarimgMissing }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("paydesk-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("screen.pgm")
        try image.write(to: file)
        var text = try ChildProcess.run(zbarimg, ["--raw", "-q", file.path]).output
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    public enum DecodeError: Error {
        case zbarimgMissing
    }
}
