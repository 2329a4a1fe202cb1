/// A terminal without a screen: plays scripted input and records every frame (for tests of the UI loop).
public final class HeadlessTerminal: TerminalDevice {
    /// The size reported to the UI; change it and queue `.resize` to simulate a resize.
    public var size: TerminalSize
    /// Colours reported to the UI.
    public var colorCount: Int
    /// Input still to be read, in order.
    public var pendingInput: [KeyEvent]
    /// Every frame presented.
    public private(set) var frames: [Surface] = []
    /// Runs written per frame (what a real terminal would have been sent).
    public private(set) var writtenRuns: [[SurfaceRun]] = []
    /// Set by a test to simulate a terminal that went away.
    public var isDisconnected = false
    /// Whether `shutdown` ran.
    public private(set) var isShutDown = false
    private var previous: Surface?

    /// A headless terminal of `size` with scripted `input`.
    public init(size: TerminalSize = TerminalSize(columns: 80, rows: 24), colorCount: Int = 256,
                input: [KeyEvent] = []) {
        self.size = size
        self.colorCount = colorCount
        self.pendingInput = input
    }

    /// The last frame as text lines.
    public var screenLines: [String] { frames.last?.lines() ?? [] }

    public func present(_ surface: Surface, theme: Theme) {
        writtenRuns.append(surface.diff(from: previous))
        frames.append(surface)
        previous = surface
    }

    public func invalidate() { previous = nil }

    public func readKey(timeoutMilliseconds: Int) -> KeyEvent? {
        pendingInput.isEmpty ? nil : pendingInput.removeFirst()
    }

    public func shutdown() { isShutDown = true }
}
