/// A key bound to an action.
public struct KeyBinding: Sendable, Hashable {
    /// The key.
    public var chord: KeyChord
    /// What it does.
    public var action: Action

    /// Binds `chord` to `action`.
    public init(_ chord: KeyChord, _ action: Action) {
        self.chord = chord
        self.action = action
    }
}

/// The key tables: a global map plus one per context; a context's binding overrides the global one.
///
/// Help, status-bar hints and `docs/keys.md` are all generated from these tables.
public enum Keymap {
    private static func bind(_ spellings: [String], _ action: Action) -> [KeyBinding] {
        spellings.compactMap { KeyChord(parsing: $0) }.map { KeyBinding($0, action) }
    }

    private static let movement: [KeyBinding] =
        bind(["Up", "k"], .moveUp) + bind(["Down", "j"], .moveDown) + bind(["PgUp", "C-b"], .pageUp)
        + bind(["PgDn", "C-f", "Space"], .pageDown) + bind(["Home", "g"], .home) + bind(["End", "G"], .end)

    private static let scrolling: [KeyBinding] =
        bind(["Up", "k"], .moveUp) + bind(["Down", "j"], .moveDown) + bind(["PgUp"], .pageUp)
        + bind(["PgDn", "Space"], .pageDown) + bind(["Home", "g"], .home) + bind(["End", "G"], .end)

    private static let form: [KeyBinding] =
        bind(["Enter"], .confirm) + bind(["Esc"], .cancel) + bind(["Tab", "Down"], .nextField)
        + bind(["S-Tab", "Up"], .previousField) + bind(["Left"], .moveLeft) + bind(["Right"], .moveRight)
        + bind(["Backspace"], .deleteBackward)

    /// Keys that work in every context (letter keys not in text-entry contexts).
    public static let global: [KeyBinding] =
        bind(["1"], .showOrders) + bind(["2"], .showCheckout) + bind(["3"], .showNotifications)
        + bind(["?", "F1"], .help) + bind(["q"], .back) + bind(["Q"], .quit) + bind(["n"], .newCheckout)
        + bind(["Esc"], .escape) + bind(["C-l"], .redraw)

    /// The bindings of one context, without the global ones.
    public static func bindings(for context: KeymapContext) -> [KeyBinding] {
        switch context {
        case .orders:
            return bind(["Enter"], .open) + bind(["/"], .search) + bind(["f"], .filterStatus)
                + bind(["d"], .filterDate) + bind(["x"], .clearFilters) + bind(["c"], .checkNow) + movement
        case .orderDetail:
            return bind(["r"], .refund) + bind(["c"], .checkNow) + bind(["x"], .closeOrder)
                + bind(["v"], .toggleRaw) + scrolling
        case .checkoutIdle:
            return []
        case .checkoutForm, .refundForm:
            return form
        case .qrWaiting:
            return bind(["c"], .checkNow) + bind(["P"], .simulatePay) + bind(["x"], .cancelCheckout)
        case .qrExpired:
            return bind(["r"], .refreshQR) + bind(["x"], .cancelCheckout)
        case .qrPaid:
            return bind(["Enter", "Space"], .nextSale)
        case .notifications:
            return bind(["Enter"], .open) + bind(["R"], .replay) + bind(["f"], .filterStatus)
                + bind(["e"], .filterEvent) + bind(["x"], .clearFilters) + movement
        case .notificationDetail:
            return bind(["R"], .replay) + bind(["v"], .toggleRaw) + scrolling
        case .search:
            return bind(["Enter"], .confirm) + bind(["Esc"], .cancel) + bind(["Backspace"], .deleteBackward)
                + bind(["Left"], .moveLeft) + bind(["Right"], .moveRight)
        case .confirm:
            return bind(["y", "Enter"], .confirm) + bind(["n", "Esc"], .cancel)
        case .help:
            return bind(["Esc", "q", "?"], .escape) + scrolling
        }
    }

    /// Global bindings active in `context`: not shadowed by the context, and no printable keys in text fields.
    public static func activeGlobal(for context: KeymapContext) -> [KeyBinding] {
        let own = Set(bindings(for: context).map(\.chord))
        return global.filter { binding in
            if own.contains(binding.chord) { return false }
            if context.capturesText, case .character = binding.chord { return false }
            return true
        }
    }

    /// Everything active in `context`, context bindings first.
    public static func effective(for context: KeymapContext) -> [KeyBinding] {
        bindings(for: context) + activeGlobal(for: context)
    }

    /// The action `chord` triggers in `context`, if any.
    public static func action(for chord: KeyChord, in context: KeymapContext) -> Action? {
        effective(for: context).first(where: { $0.chord == chord })?.action
    }

    /// The action an input event triggers in `context`, if any.
    public static func action(for event: KeyEvent, in context: KeymapContext) -> Action? {
        KeyChord(event: event).flatMap { action(for: $0, in: context) }
    }

    /// Actions in first-bound order, each with all its chords.
    static func grouped(_ bindings: [KeyBinding]) -> [(action: Action, chords: [KeyChord])] {
        var order: [Action] = []
        var chords: [Action: [KeyChord]] = [:]
        for binding in bindings {
            if chords[binding.action] == nil { order.append(binding.action) }
            chords[binding.action, default: []].append(binding.chord)
        }
        return order.map { ($0, chords[$0] ?? []) }
    }

    /// Help overlay lines for `context`: a heading, the context's keys, then the global keys.
    public static func helpLines(for context: KeymapContext, strings: Strings) -> [String] {
        func section(_ bindings: [KeyBinding]) -> [String] {
            let groups = grouped(bindings)
            let keyWidth = groups.map { DisplayWidth.of($0.chords.map(\.description).joined(separator: " ")) }
                .max() ?? 0
            return groups.map { group in
                let keys = group.chords.map(\.description).joined(separator: " ")
                return "  " + DisplayWidth.pad(keys, to: keyWidth) + "  " + strings.description(of: group.action)
            }
        }
        var lines = [strings[.helpContextKeys] + " — " + strings.title(of: context)]
        lines += section(bindings(for: context))
        let globals = activeGlobal(for: context)
        if !globals.isEmpty {
            lines += ["", strings[.helpGlobalKeys]] + section(globals)
        }
        return lines
    }

    /// Status-bar hints for `context` that fit in `width` columns: `Enter Open  / Search  ? Help`.
    public static func hints(for context: KeymapContext, width: Int, strings: Strings) -> String {
        let preferredGlobal: [Action] = [.help, .back]
        let own = grouped(bindings(for: context)).filter { !movementActions.contains($0.action) }
        let globals = grouped(activeGlobal(for: context)).filter { preferredGlobal.contains($0.action) }
        var result = ""
        for group in own + globals {
            guard let chord = group.chords.first else { continue }
            let item = "\(chord.description) \(strings.label(of: group.action))"
            let candidate = result.isEmpty ? item : result + "  " + item
            if DisplayWidth.of(candidate) > width { break }
            result = candidate
        }
        return result
    }

    private static let movementActions: Set<Action> = [
        .moveUp, .moveDown, .moveLeft, .moveRight, .pageUp, .pageDown, .home, .end, .deleteBackward,
        .previousField,
    ]

    /// A Markdown key reference of every context (the source of `docs/keys.md`).
    public static func markdownReference(strings: Strings = Strings(language: .english)) -> String {
        func table(_ bindings: [KeyBinding]) -> [String] {
            ["| Keys | Action | Description |", "|---|---|---|"]
                + grouped(bindings).map { group in
                    let keys = group.chords.map { "`\($0.description == "`" ? "``" : $0.description)`" }
                        .joined(separator: " ")
                    return "| \(keys) | `\(group.action.rawValue)` | \(strings.description(of: group.action)) |"
                }
        }
        var lines = [
            "# PayDesk keys", "",
            "Generated by `Keymap.markdownReference()` from the keymap tables in",
            "`Sources/TerminalUI/Input/Keymap.swift`; do not edit by hand.", "",
            "## Global", "",
            "Active everywhere unless a pane binds the same key; letter keys are off while typing in a field.", "",
        ]
        lines += table(global)
        for context in KeymapContext.allCases {
            lines += ["", "## \(strings.title(of: context)) (`\(context.rawValue)`)", ""]
            lines += table(bindings(for: context))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
