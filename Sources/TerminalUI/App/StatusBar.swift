/// What the status bar shows about the session.
public struct StatusInfo: Sendable, Equatable {
    /// Merchant name or id.
    public var merchant: String
    /// Whether PayDesk talks to the simulator (shows SANDBOX in reverse video).
    public var isSandbox: Bool
    /// Notification listener address, nil when not listening.
    public var listenerAddress: String?
    /// A transient message (errors, confirmations), shown instead of the hints.
    public var message: String?

    /// Creates the status information.
    public init(merchant: String, isSandbox: Bool, listenerAddress: String?, message: String? = nil) {
        self.merchant = merchant
        self.isSandbox = isSandbox
        self.listenerAddress = listenerAddress
        self.message = message
    }
}

/// Draws the bottom status bar: environment badge, merchant, listener, and the generated key hints.
public enum StatusBar {
    /// Columns reserved for the key hints on the right.
    static let minimumHintsWidth = 24

    /// Renders into the last row of `surface`.
    public static func render(into surface: inout Surface, info: StatusInfo, context: KeymapContext,
                              strings: Strings) {
        let row = surface.size.rows - 1
        guard row >= 0 else { return }
        let width = surface.size.columns
        surface.fill(CellRect(row: row, column: 0, width: width, height: 1), role: .selection)
        var column = 0
        let badge = " " + strings[info.isSandbox ? .badgeSandbox : .badgeProduction] + " "
        column += surface.put(text: badge, at: CellPoint(row: row, column: column),
                              role: info.isSandbox ? .sandbox : .accent, attributes: .bold, maxWidth: width)
        let merchant = " " + strings.format(.statusBarMerchant, ["merchant": info.merchant])
        let listener = info.listenerAddress.map { strings.format(.statusBarListener, ["address": $0]) }
            ?? strings[.statusBarListenerOff]
        let left = merchant + " · " + listener + "  "
        // The hints keep at least `minimumHintsWidth` columns; session details take the rest.
        column += surface.put(text: left, at: CellPoint(row: row, column: column), role: .selection,
                              maxWidth: max(0, width - column - minimumHintsWidth))
        let remaining = width - column - 1
        guard remaining > 0 else { return }
        let right = info.message ?? Keymap.hints(for: context, width: remaining, strings: strings)
        let rightWidth = min(DisplayWidth.of(right), remaining)
        surface.put(text: right, at: CellPoint(row: row, column: width - 1 - rightWidth),
                    role: info.message == nil ? .selection : .alert, maxWidth: remaining)
    }
}
