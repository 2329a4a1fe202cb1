/// What a pane asks the app to do after handling an action.
public enum PaneCommand {
    /// Handled; nothing more to do.
    case none
    /// Not handled: the app applies its default (switch pane, help, back, quit).
    case unhandled
    /// Show `pane` on top of this one.
    case push(any Pane)
    /// Close this pane.
    case pop
    /// Close this pane, then apply `command` to the pane below (dialogs answering for their parent).
    indirect case popThen(PaneCommand)
    /// Replace the whole stack with `pane`.
    case replace(any Pane)
    /// Quit the console (no question asked: the pane has already confirmed if needed).
    case quit
    /// Show a short message in the status bar until the next key.
    case message(String)
    /// Run `work` off the UI thread; its result (if any) is delivered to the panes through `receive`.
    case run(@Sendable () async -> (any Sendable)?)
}

/// One screen of the console. Lives on the UI thread only (not Sendable); draws into a `Surface`.
///
/// Panes hold their state and render it with pure functions; every input reaches them as an `Action`
/// through the keymap of their current `context`, except typed text in text-entry contexts.
public protocol Pane: AnyObject {
    /// Title for the top line.
    var title: String { get }
    /// Which keymap applies now (may change with the pane's state, e.g. waiting vs expired QR).
    var context: KeymapContext { get }
    /// Called each time the pane becomes the top pane.
    func activate()
    /// Draws the pane into `surface` (the area between title line and status bar is `area`).
    func render(into surface: inout Surface, area: CellRect, theme: Theme)
    /// A question to ask before quitting (e.g. a QR code still waits for payment); nil to quit at once.
    var quitConfirmation: String? { get }
    /// Reacts to an action from the keymap.
    func handle(_ action: Action) -> PaneCommand
    /// Reacts to typed text in a text-entry context (`context.capturesText`).
    func handleText(_ character: Character) -> PaneCommand
    /// Reacts to a mouse event inside the pane area.
    func handleMouse(_ event: MouseEvent) -> PaneCommand
    /// Receives an event posted to the app (PayCore events, results of `.run` work, `UITick`).
    func receive(_ event: any Sendable)
}

extension Pane {
    public func activate() {}
    public var quitConfirmation: String? { nil }
    public func handleText(_ character: Character) -> PaneCommand { .unhandled }
    public func handleMouse(_ event: MouseEvent) -> PaneCommand {
        switch event {
        case .wheelUp: return handle(.moveUp)
        case .wheelDown: return handle(.moveDown)
        case .click: return .unhandled
        }
    }
    public func receive(_ event: any Sendable) {}
}

/// Posted to every pane once a second (countdowns, "updated N s ago").
public struct UITick: Sendable, Equatable {
    /// Seconds since the app started.
    public var elapsedSeconds: Int
}
