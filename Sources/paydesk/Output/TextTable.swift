import Foundation
import PayCore

/// A plain text table with columns padded by display width (Chinese text counts two columns).
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    /// The table as lines, two spaces between columns; the last column is not padded.
    func render() -> String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.displayWidth(cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - Self.displayWidth(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Terminal columns of `text`: East Asian wide characters take two.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (wide ? 2 : 1)
        }
    }

    /// `label: value` lines with aligned values.
    static func pairs(_ items: [(String, String?)]) -> String {
        let shown = items.compactMap { label, value in value.map { (label, $0) } }
        let width = shown.map { displayWidth($0.0) }.max() ?? 0
        return shown.map { label, value in
            label + ":" + String(repeating: " ", count: width - displayWidth(label) + 1) + value
        }.joined(separator: "\n")
    }
}

/// Human formats: local time, yuan with two decimals.
enum HumanFormat {
    /// `2026-11-24 18:40:12` in the terminal's local zone.
    static func time(_ date: Date?) -> String? {
        guard let date else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// `¥12.50`.
    static func yuan(_ fen: Int?) -> String? {
        fen.map { "¥" + AmountParser.formatYuan($0, grouped: true) }
    }
}
