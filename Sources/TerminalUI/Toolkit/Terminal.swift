import CCursesShim
import CNCursesW
#if canImport(Glibc)
import Glibc
#endif

/// Why curses could not start.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// stdin/stdout is not a terminal, or `TERM` names no known terminal.
    case notATerminal
    /// The terminal went away while the console ran (SIGHUP, end of input, read error).
    case disconnected

    public var description: String {
        switch self {
        case .notATerminal: "the console needs a terminal (stdin and stdout), and TERM must name a known one"
        case .disconnected: "the terminal went away (hang-up or end of input); the console stopped"
        }
    }
}

/// The one owner of curses: start-up, colours, drawing surfaces, reading keys, restoring on exit.
///
/// Threading: every curses call in PayDesk goes through this class, and all of them must happen on the
/// single UI thread that created it (`UIApp.run` runs there). curses keeps global state and is not
/// thread-safe; other threads talk to the UI through `UIApp.post`. The class is deliberately not Sendable.
///
/// The terminal is restored by `shutdown()`, at process exit (atexit), and on SIGINT/SIGTERM and crash signals
/// by a handler in the C shim that calls `endwin` and re-raises the signal. A terminal that goes away (SIGHUP, or
/// its input hangs up: EOF or a read error) is reported by `isDisconnected`, so the UI loop ends instead of
/// polling a dead descriptor forever.
public final class Terminal: TerminalDevice {
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: Surface?
    private var pairs: [PairKey: Int16] = [:]
    private var pairTheme: String?
    private var isActive = true
    public private(set) var isDisconnected = false
    public let colorCount: Int
    private let hasColor: Bool
    private let functionKeyBase: Int32

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// Starts curses: locale, cbreak, no echo, keypad, short Esc delay, mouse and colours.
    public init() throws(TerminalError) {
        LocaleSetup.ensureUTF8()
        set_escdelay(25)
        guard pd_newterm() != nil, let window = pd_stdscr() else { throw .notATerminal }
        self.window = window
        pd_install_restore_handlers()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        _ = mousemask(mmask_t(pd_all_mouse_events()), nil)
        mouseinterval(0)
        hasColor = has_colors()
        if hasColor {
            start_color()
            use_default_colors()
        }
        colorCount = hasColor ? Int(pd_colors()) : 2
        functionKeyBase = pd_key_f0()
    }

    deinit {
        shutdown()
    }

    public var size: TerminalSize {
        TerminalSize(columns: Int(pd_cols()), rows: Int(pd_lines()))
    }

    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    // MARK: - Drawing

    public func present(_ surface: Surface, theme: Theme) {
        guard isActive else { return }
        if pairTheme != theme.name {
            pairTheme = theme.name
            previous = nil
        }
        if previous?.size != surface.size {
            werase(window)
        }
        for run in surface.diff(from: previous) {
            var column = run.column
            for cell in run.cells {
                write(cell, row: run.row, column: column, theme: theme)
                column += max(1, cell.width)
            }
        }
        previous = surface
        wrefresh(window)
    }

    private func write(_ cell: Cell, row: Int, column: Int, theme: Theme) {
        let style = theme.style(for: cell.role)
        let pair = colorPair(for: style)
        var attributes = pd_a_normal()
        let combined = style.attributes.union(cell.attributes)
        if combined.contains(.bold) { attributes |= pd_a_bold() }
        if combined.contains(.reverse) { attributes |= pd_a_reverse() }
        if combined.contains(.underline) { attributes |= pd_a_underline() }
        if combined.contains(.dim) { attributes |= pd_a_dim() }
        var characters = cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        if characters.isEmpty { characters = [wchar_t(32)] }
        // Writing the bottom-right cell scrolls on some terminals and returns ERR; the cell is drawn anyway.
        _ = pd_put_cell(window, Int32(row), Int32(column), characters, Int32(characters.count), attributes, pair)
    }

    /// The colour pair for a style's colours, created on first use (pair 0 when colours are off or used up).
    private func colorPair(for style: RoleStyle) -> Int16 {
        guard hasColor else { return 0 }
        let key = PairKey(
            foreground: style.foreground.terminalColor(colorCount: colorCount),
            background: style.background.terminalColor(colorCount: colorCount))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        let next = pairs.count + 1
        guard next < Int(pd_color_pairs()), next <= Int(Int16.max) else { return 0 }
        init_pair(Int16(next), Int16(key.foreground), Int16(key.background))
        pairs[key] = Int16(next)
        return Int16(next)
    }

    // MARK: - Input

    public func readKey(timeoutMilliseconds: Int) -> KeyEvent? {
        guard isActive else { return nil }
        wtimeout(window, Int32(timeoutMilliseconds))
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        if status == KEY_CODE_YES {
            return functionKey(Int32(value))
        }
        guard status == OK else {
            // ERR is both "no key within the timeout" and "the terminal is gone"; only the latter hangs up.
            if pd_terminal_lost() != 0 { isDisconnected = true }
            return nil
        }
        return characterKey(UInt32(value))
    }

    private func characterKey(_ code: UInt32) -> KeyEvent? {
        switch code {
        case 9: return .special(.tab)
        case 10, 13: return .special(.enter)
        case 27: return .special(.escape)
        case 8, 127: return .special(.backspace)
        case 1...26:
            return Unicode.Scalar(code + 96).map { .control(Character($0)) }
        case 0..<32: return nil
        default:
            return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    private func functionKey(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .special(.up)
        case KEY_DOWN: return .special(.down)
        case KEY_LEFT: return .special(.left)
        case KEY_RIGHT: return .special(.right)
        case KEY_PPAGE: return .special(.pageUp)
        case KEY_NPAGE: return .special(.pageDown)
        case KEY_HOME: return .special(.home)
        case KEY_END: return .special(.end)
        case KEY_BACKSPACE: return .special(.backspace)
        case KEY_DC: return .special(.delete)
        case KEY_IC: return .special(.insert)
        case KEY_BTAB: return .special(.backTab)
        case KEY_ENTER: return .special(.enter)
        case pd_key_resize():
            invalidate()
            return .resize(size)
        case pd_key_mouse():
            return mouseEvent()
        case (functionKeyBase + 1)...(functionKeyBase + 12):
            return .function(Int(code - functionKeyBase))
        default:
            return nil
        }
    }

    private func mouseEvent() -> KeyEvent? {
        var column: Int32 = 0
        var row: Int32 = 0
        var buttons: UInt = 0
        guard pd_get_mouse(&column, &row, &buttons) != pd_err() else { return nil }
        let point = CellPoint(row: Int(row), column: Int(column))
        if buttons & pd_button4_pressed() != 0 { return .mouse(.wheelUp(point)) }
        if pd_button5_pressed() != 0, buttons & pd_button5_pressed() != 0 { return .mouse(.wheelDown(point)) }
        if buttons & pd_button1_clicked() != 0 { return .mouse(.click(point)) }
        return nil
    }

    // MARK: - Exit

    public func shutdown() {
        guard isActive else { return }
        isActive = false
        pd_restore_terminal()
    }
}
