import TestSupport
import TerminalUI

extension ScreenImage {
    /// Cells of rendered QR runs, with the wide style's background colours.
    static func cells(fromRuns lines: [[QRRun]]) -> [[ScreenCell]] {
        lines.map { runs in
            runs.flatMap { run in run.text.map { ScreenCell(character: $0, lightBackground: run.lightBackground) } }
        }
    }
}
