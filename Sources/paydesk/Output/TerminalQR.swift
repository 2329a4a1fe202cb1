import ArgumentParser
import TerminalUI

/// QR codes printed to a stream (not through curses): the same rows as the console draws.
enum TerminalQR {
    /// Rows of `text` in `style`. Half blocks get an explicit white-on-black pair when `colour` is set (a
    /// terminal), so a light theme cannot invert them; wide rows always carry background colours.
    static func render(_ text: String, style: QRStyle, colour: Bool) throws -> String {
        let matrix = try QRMatrix.encode(text)
        switch style {
        case .halfBlocks:
            let rows = QRRenderer.rows(matrix, style: .halfBlocks)
            guard colour else { return rows.joined(separator: "\n") }
            return rows.map { "\u{1B}[97;40m" + $0 + "\u{1B}[0m" }.joined(separator: "\n")
        case .wide:
            return QRRenderer.lines(matrix, style: .wide).map { runs in
                runs.map { ($0.lightBackground ? "\u{1B}[107m" : "\u{1B}[40m") + $0.text }.joined() + "\u{1B}[0m"
            }.joined(separator: "\n")
        }
    }
}

extension QRStyle: ExpressibleByArgument {}
