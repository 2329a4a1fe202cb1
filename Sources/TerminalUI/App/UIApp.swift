import Foundation

/// The console's run loop: reads keys, ticks once a second, drains events posted from async code,
/// dispatches to the top pane and draws title line, pane, help overlay and status bar.
///
/// Threading: `run()` (or `step`) is called on one dedicated UI thread, which also owns the terminal;
/// panes and all mutable state are touched only there. `post(_:)` and `stop()` are the only entry points
/// for other threads (a locked inbox; the loop polls input with a short timeout, so a posted event is
/// handled within `pollMilliseconds`). That is why the class is `@unchecked Sendable`.
public final class UIApp: @unchecked Sendable {
    /// Session information for the status bar.
    public var status: StatusInfo
    /// The active theme.
    public var theme: Theme { didSet { terminal.invalidate() } }
    /// The string table.
    public let strings: Strings
    /// How long one wait for input lasts.
    public var pollMilliseconds = 50

    private let terminal: any TerminalDevice
    private let sizeGuard: SizeGuard
    private let roots: [(action: Action, pane: any Pane)]
    private var stack: [any Pane]
    private let inbox = Inbox()
    private let stopFlag = StopFlag()
    private var isQuitting = false
    private var showingHelp = false
    private var helpScroll = 0
    private var needsRender = true
    private var nextTick: ContinuousClock.Instant?
    private var elapsedSeconds = 0

    /// An app over `terminal` whose top-level panes are reached by `roots` actions (`.showOrders` → pane);
    /// the first root is shown first.
    public init(terminal: any TerminalDevice, theme: Theme, strings: Strings, status: StatusInfo,
                roots: [(action: Action, pane: any Pane)], sizeGuard: SizeGuard = SizeGuard()) {
        self.terminal = terminal
        self.theme = theme
        self.strings = strings
        self.status = status
        self.roots = roots
        self.sizeGuard = sizeGuard
        self.stack = roots.first.map { [$0.pane] } ?? []
    }

    // MARK: - Cross-thread entry points

    /// Queues `event` for the panes; callable from any thread or task.
    public func post(_ event: any Sendable) {
        inbox.post(event)
    }

    /// Asks the loop to end after the current step; callable from any thread.
    public func stop() {
        stopFlag.set()
    }

    // MARK: - Loop

    /// Whether the loop has been asked to end.
    public var isFinished: Bool { isQuitting || stopFlag.isSet || lostTerminal }

    /// Whether the loop ended because the terminal went away (hang-up, end of input) rather than by the user.
    public private(set) var lostTerminal = false

    /// The pane on top, if any.
    public var topPane: (any Pane)? { stack.last }

    /// Whether the help overlay is open.
    public var isShowingHelp: Bool { showingHelp }

    /// Runs until a pane quits or `stop()` is called, then restores the terminal. Blocks this thread.
    public func run() {
        stack.last?.activate()
        while !isFinished {
            step()
        }
        terminal.shutdown()
    }

    /// One turn of the loop: draw if needed, wait for a key, deliver posted events and the tick.
    public func step(now: ContinuousClock.Instant = .now) {
        if needsRender { render() }
        if let event = terminal.readKey(timeoutMilliseconds: pollMilliseconds) {
            dispatch(event)
        }
        if terminal.isDisconnected {
            // Nobody can see or answer: no quit question, no more frames.
            lostTerminal = true
            return
        }
        for event in inbox.drain() {
            deliver(event)
        }
        if let tick = nextTick {
            if now >= tick {
                elapsedSeconds += 1
                nextTick = tick + .seconds(1)
                if now > tick + .seconds(5) { nextTick = now + .seconds(1) }
                deliver(UITick(elapsedSeconds: elapsedSeconds))
            }
        } else {
            nextTick = now + .seconds(1)
        }
        if needsRender && !isFinished { render() }
    }

    /// Gives `event` to every root pane and every pane on the stack (each once).
    private func deliver(_ event: any Sendable) {
        var seen = Set<ObjectIdentifier>()
        for pane in roots.map(\.pane) + stack where seen.insert(ObjectIdentifier(pane)).inserted {
            pane.receive(event)
        }
        needsRender = true
    }

    // MARK: - Input

    /// Handles one input event as the loop would.
    public func dispatch(_ event: KeyEvent) {
        needsRender = true
        status.message = nil
        switch event {
        case .resize:
            terminal.invalidate()
            return
        case .mouse(let mouse):
            if !showingHelp, let pane = stack.last { apply(pane.handleMouse(mouse)) }
            return
        default:
            break
        }
        guard let pane = stack.last else { return }
        if !sizeGuard.allows(terminal.size) {
            // Only leaving works while the layout is hidden.
            if let action = Keymap.action(for: event, in: .orders), action == .quit || action == .back { requestQuit() }
            return
        }
        if showingHelp {
            handleHelp(Keymap.action(for: event, in: .help))
            return
        }
        let context = pane.context
        if context.capturesText, case .character(let character) = event {
            apply(pane.handleText(character))
            return
        }
        guard let action = Keymap.action(for: event, in: context) else {
            if let chord = KeyChord(event: event) {
                status.message = strings.format(.errorUnknownKey, ["key": chord.description])
            }
            return
        }
        let command = pane.handle(action)
        if case .unhandled = command {
            perform(action)
        } else {
            apply(command)
        }
    }

    private func handleHelp(_ action: Action?) {
        switch action {
        case .moveDown?, .pageDown?: helpScroll += action == .pageDown ? 10 : 1
        case .moveUp?, .pageUp?: helpScroll = max(0, helpScroll - (action == .pageUp ? 10 : 1))
        case .home?: helpScroll = 0
        default:
            showingHelp = false
            helpScroll = 0
        }
    }

    /// The app's default for actions a pane leaves alone.
    private func perform(_ action: Action) {
        switch action {
        case .help:
            showingHelp = true
            helpScroll = 0
        case .back:
            if stack.count > 1 { apply(.pop) } else { requestQuit() }
        case .escape, .cancel:
            if stack.count > 1 { apply(.pop) }
        case .quit:
            requestQuit()
        case .redraw:
            terminal.invalidate()
        case .newCheckout:
            if let checkout = root(for: .showCheckout) {
                show(root: checkout)
                apply(checkout.handle(.newCheckout))
            }
        default:
            if let pane = root(for: action) { show(root: pane) }
        }
    }

    private func root(for action: Action) -> (any Pane)? {
        roots.first(where: { $0.action == action })?.pane
    }

    private func show(root pane: any Pane) {
        if stack.count == 1, stack.first === pane { return }
        stack = [pane]
        pane.activate()
    }

    /// Quits, first asking if any pane has a reason to keep running.
    private func requestQuit() {
        let question = (roots.map(\.pane) + stack).lazy.compactMap(\.quitConfirmation).first
        guard let question else {
            isQuitting = true
            return
        }
        if stack.last is ConfirmPane { return }
        apply(.push(ConfirmPane(question: question, strings: strings) { .quit }))
    }

    /// Applies a pane's command.
    public func apply(_ command: PaneCommand) {
        needsRender = true
        switch command {
        case .none, .unhandled:
            break
        case .push(let pane):
            stack.append(pane)
            pane.activate()
        case .pop:
            if stack.count > 1 {
                stack.removeLast()
                stack.last?.activate()
            }
        case .popThen(let next):
            apply(.pop)
            apply(next)
        case .replace(let pane):
            stack = [pane]
            pane.activate()
        case .quit:
            isQuitting = true
        case .message(let text):
            status.message = text
        case .run(let work):
            let inbox = self.inbox
            Task.detached {
                if let result = await work() { inbox.post(result) }
            }
        }
    }

    // MARK: - Drawing

    /// Draws the current state now.
    public func render() {
        needsRender = false
        let size = terminal.size
        guard sizeGuard.allows(size) else {
            terminal.present(sizeGuard.render(size: size, strings: strings), theme: theme)
            return
        }
        var surface = Surface(size: size)
        drawTitleLine(into: &surface)
        let area = CellRect(row: 1, column: 0, width: size.columns, height: size.rows - 2)
        for pane in stack.suffix(stack.last is ConfirmPane ? 2 : 1) {
            pane.render(into: &surface, area: area, theme: theme)
        }
        let context = showingHelp ? KeymapContext.help : (stack.last?.context ?? .orders)
        if showingHelp {
            HelpOverlay.render(into: &surface, area: area, context: stack.last?.context ?? .orders,
                               strings: strings, scroll: helpScroll)
        }
        StatusBar.render(into: &surface, info: status, context: context, strings: strings)
        terminal.present(surface, theme: theme)
    }

    /// ` PayDesk  1 Orders  2 Checkout  3 Notifications` with the current root highlighted.
    private func drawTitleLine(into surface: inout Surface) {
        let width = surface.size.columns
        surface.fill(CellRect(row: 0, column: 0, width: width, height: 1), role: .background)
        var column = surface.put(text: " " + strings[.appName] + " ", at: CellPoint(row: 0, column: 0),
                                 role: .title, attributes: .bold)
        for root in roots {
            guard let chord = Keymap.global.first(where: { $0.action == root.action })?.chord else { continue }
            let isCurrent = stack.first === root.pane
            column += surface.put(text: " \(chord) \(strings.label(of: root.action)) ",
                                  at: CellPoint(row: 0, column: column + 1),
                                  role: isCurrent ? .selection : .muted, maxWidth: width - column - 1) + 1
        }
        if let title = stack.last?.title {
            let titleWidth = min(DisplayWidth.of(title), max(0, width - column - 2))
            surface.put(text: title, at: CellPoint(row: 0, column: width - 1 - titleWidth), role: .accent,
                        maxWidth: titleWidth)
        }
    }
}
