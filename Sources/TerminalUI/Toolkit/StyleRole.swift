/// A semantic style a cell is drawn in; the active theme turns it into colours and attributes.
///
/// The first fourteen cases are themeable (`themes/NAME.toml` `[roles]`). `qr` and `qrLight` are fixed
/// white-on-black / black-on-white pairs so that no theme can invert a QR code; `sandbox` is the
/// environment badge, drawn in reverse video.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case background, text, muted, border, title, selection, accent
    case pending, paid, failed, closed, refunding, refunded, alert
    /// QR modules: light blocks on a black background (never themed).
    case qr
    /// QR light module drawn as a background colour (wide style; never themed).
    case qrLight
    /// The SANDBOX badge in the status bar.
    case sandbox

    /// The roles a theme file may (and must) define.
    public static let themeable: [StyleRole] = [
        .background, .text, .muted, .border, .title, .selection, .accent,
        .pending, .paid, .failed, .closed, .refunding, .refunded, .alert,
    ]

    /// Whether a theme file defines this role.
    public var isThemeable: Bool { Self.themeable.contains(self) }
}

/// Text attributes layered on top of a role's colours.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let reverse = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)

    /// Attribute names as written in theme files, in a stable order.
    public static let named: [(String, TextAttributes)] = [
        ("bold", .bold), ("reverse", .reverse), ("underline", .underline), ("dim", .dim),
    ]
}
