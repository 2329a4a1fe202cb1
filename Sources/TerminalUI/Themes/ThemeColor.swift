/// A colour as written in a theme: the terminal's default, an xterm colour number, or 24-bit RGB.
public enum ThemeColor: Sendable, Hashable {
    case terminalDefault
    case indexed(Int)
    case rgb(red: Int, green: Int, blue: Int)

    /// Parses `"#rrggbb"` (or `"#rgb"`); nil when malformed.
    public static func hex(_ text: String) -> ThemeColor? {
        guard text.hasPrefix("#") else { return nil }
        var digits = String(text.dropFirst())
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        return .rgb(red: (value >> 16) & 0xFF, green: (value >> 8) & 0xFF, blue: value & 0xFF)
    }

    /// The curses colour number for a terminal with `colorCount` colours (-1 = terminal default).
    ///
    /// RGB goes to the nearest xterm-256 colour (cube and grey ramp; 0-15 are user-configurable, so
    /// they are not used as targets); anything the terminal lacks goes to the nearest of 16 or 8 colours.
    public func terminalColor(colorCount: Int) -> Int {
        switch self {
        case .terminalDefault:
            return -1
        case .indexed(let index):
            if index < colorCount { return index }
            return ColorTable.nearestBasic(ColorTable.rgb(ofXterm: index), count: colorCount >= 16 ? 16 : 8)
        case .rgb(let red, let green, let blue):
            let rgb = (red, green, blue)
            if colorCount >= 256 { return ColorTable.nearestXterm256(rgb) }
            return ColorTable.nearestBasic(rgb, count: colorCount >= 16 ? 16 : 8)
        }
    }
}

/// The xterm palette and nearest-colour search.
enum ColorTable {
    typealias RGB = (Int, Int, Int)

    /// xterm's default first 16 colours.
    static let basic: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value xterm shows for colour `index` (0-255).
    static func rgb(ofXterm index: Int) -> RGB {
        switch index {
        case ..<16: return basic[max(0, index)]
        case 16..<232:
            let offset = index - 16
            return (cubeLevels[offset / 36], cubeLevels[(offset / 6) % 6], cubeLevels[offset % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return (level, level, level)
        }
    }

    /// Perceptual ("redmean") squared distance between two colours.
    static func distance(_ left: RGB, _ right: RGB) -> Int {
        let meanRed = (left.0 + right.0) / 2
        let red = left.0 - right.0
        let green = left.1 - right.1
        let blue = left.2 - right.2
        return (((512 + meanRed) * red * red) >> 8) + 4 * green * green + (((767 - meanRed) * blue * blue) >> 8)
    }

    /// The nearest colour 16-255.
    static func nearestXterm256(_ color: RGB) -> Int {
        (16...255).min(by: { distance(color, rgb(ofXterm: $0)) < distance(color, rgb(ofXterm: $1)) }) ?? 7
    }

    /// The nearest of the first `count` (8 or 16) colours.
    static func nearestBasic(_ rgb: RGB, count: Int) -> Int {
        (0..<count).min(by: { distance(rgb, basic[$0]) < distance(rgb, basic[$1]) }) ?? 7
    }
}
