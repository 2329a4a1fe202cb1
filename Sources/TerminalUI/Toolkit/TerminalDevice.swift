/// What the UI loop needs from a terminal; `Terminal` (curses) and `HeadlessTerminal` (tests) conform.
///
/// Not Sendable on purpose: a device is used only from the UI thread that created it.
public protocol TerminalDevice: AnyObject {
    /// The current size in cells.
    var size: TerminalSize { get }
    /// Colours the terminal can show (8, 16, 256…); themes degrade to it.
    var colorCount: Int { get }
    /// Shows `surface`, writing only the cells that changed since the last frame.
    func present(_ surface: Surface, theme: Theme)
    /// Forgets the last frame so the next `present` repaints everything (after a resize or `C-l`).
    func invalidate()
    /// Waits at most `timeoutMilliseconds` for one input event.
    func readKey(timeoutMilliseconds: Int) -> KeyEvent?
    /// Restores the terminal; safe to call more than once.
    func shutdown()
    /// True once the terminal has gone away (hang-up, end of input, read error): the UI loop must end.
    var isDisconnected: Bool { get }
}
