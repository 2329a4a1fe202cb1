/// How one role is drawn: foreground, background and attributes.
public struct RoleStyle: Sendable, Hashable {
    /// Foreground colour.
    public var foreground: ThemeColor
    /// Background colour.
    public var background: ThemeColor
    /// Attributes.
    public var attributes: TextAttributes

    /// Creates a style.
    public init(foreground: ThemeColor, background: ThemeColor, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A colour theme: a style for every `StyleRole`.
///
/// The QR roles are fixed here, not read from files: light modules are white on black whatever the theme.
public struct Theme: Sendable, Hashable {
    /// Name shown in diagnostics (`default`, `light`, a file path).
    public let name: String
    private let styles: [StyleRole: RoleStyle]

    /// Creates a theme from the themeable roles; missing roles fall back to `text`.
    public init(name: String, roles: [StyleRole: RoleStyle]) {
        self.name = name
        var styles = roles.filter { $0.key.isThemeable }
        let text = styles[.text] ?? RoleStyle(foreground: .terminalDefault, background: .terminalDefault)
        for role in StyleRole.themeable where styles[role] == nil {
            styles[role] = text
        }
        let alert = styles[.alert] ?? text
        styles[.sandbox] = RoleStyle(
            foreground: alert.foreground, background: alert.background,
            attributes: alert.attributes.union([.bold, .reverse]))
        styles[.qr] = RoleStyle(foreground: .indexed(15), background: .indexed(0))
        styles[.qrLight] = RoleStyle(foreground: .indexed(0), background: .indexed(15))
        self.styles = styles
    }

    /// The style of `role`.
    public func style(for role: StyleRole) -> RoleStyle {
        styles[role] ?? RoleStyle(foreground: .terminalDefault, background: .terminalDefault)
    }

    /// A theme that needs no colours at all (used if even the built-in theme text failed to parse).
    public static let monochrome = Theme(name: "monochrome", roles: [
        .text: RoleStyle(foreground: .terminalDefault, background: .terminalDefault),
        .selection: RoleStyle(foreground: .terminalDefault, background: .terminalDefault, attributes: .reverse),
        .title: RoleStyle(foreground: .terminalDefault, background: .terminalDefault, attributes: .bold),
    ])
}
