/// Draws the help overlay: a box listing every key of the current context, generated from the keymap.
public enum HelpOverlay {
    /// Renders the help for `context` centred in `area`, starting `scroll` lines down.
    public static func render(into surface: inout Surface, area: CellRect, context: KeymapContext,
                              strings: Strings, scroll: Int = 0) {
        let lines = Keymap.helpLines(for: context, strings: strings)
        let contentWidth = lines.map { DisplayWidth.of($0) }.max() ?? 0
        let box = area.centered(width: contentWidth + 4, height: lines.count + 3)
        surface.fill(box, role: .background)
        surface.box(box, role: .border, title: strings[.helpTitle])
        let inner = box.inset(by: 1)
        let visible = max(0, inner.height - 1)
        let start = min(max(0, scroll), max(0, lines.count - visible))
        for (offset, line) in lines.dropFirst(start).prefix(visible).enumerated() {
            let isHeading = !line.hasPrefix(" ") && !line.isEmpty
            surface.put(text: line, at: CellPoint(row: inner.row + offset, column: inner.column + 1),
                        role: isHeading ? .title : .text, attributes: isHeading ? .bold : [],
                        maxWidth: inner.width - 1)
        }
        surface.put(text: strings[.helpClose], at: CellPoint(row: inner.row + inner.height - 1, column: inner.column + 1),
                    role: .muted, maxWidth: inner.width - 1)
    }
}
