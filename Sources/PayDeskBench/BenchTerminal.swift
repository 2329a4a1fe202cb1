import TerminalUI

/// The terminal the orders benchmark draws on: it works out the same changed runs a real terminal would be sent
/// (`Surface.diff`), but keeps only the last frame, so memory measures the pane and not a recording of it
/// (`HeadlessTerminal` keeps every frame for tests).
final class BenchTerminal: TerminalDevice {
    let size: TerminalSize
    let colorCount = 256
    private var previous: Surface?
    /// Frames presented.
    private(set) var frames = 0
    /// Cells that changed over all frames.
    private(set) var cellsWritten = 0

    init(size: TerminalSize) {
        self.size = size
    }

    /// The last frame as text lines.
    var screenLines: [String] { previous?.lines() ?? [] }

    func present(_ surface: Surface, theme: Theme) {
        for run in surface.diff(from: previous) { cellsWritten += run.cells.count }
        previous = surface
        frames += 1
    }

    func invalidate() { previous = nil }
    func readKey(timeoutMilliseconds: Int) -> KeyEvent? { nil }
    func shutdown() {}
    /// A benchmark terminal never goes away.
    var isDisconnected: Bool { false }
}
