/// A yes/no question drawn over the pane below it; `y`/Enter runs `onConfirm`, `n`/Esc closes.
public final class ConfirmPane: Pane {
    /// The question.
    public let question: String
    private let strings: Strings
    private let onConfirm: () -> PaneCommand

    /// A question that, when confirmed, closes itself and then applies `onConfirm()`'s command.
    public init(question: String, strings: Strings, onConfirm: @escaping () -> PaneCommand) {
        self.question = question
        self.strings = strings
        self.onConfirm = onConfirm
    }

    public var title: String { strings[.paneConfirm] }
    public var context: KeymapContext { .confirm }

    public func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        let width = min(area.width, max(DisplayWidth.of(question), DisplayWidth.of(strings[.confirmChoices])) + 6)
        let box = area.centered(width: width, height: 6)
        surface.fill(box, role: .background)
        surface.box(box, role: .alert, title: strings[.paneConfirm])
        surface.put(text: question, at: CellPoint(row: box.row + 2, column: box.column + 3), role: .text,
                    attributes: .bold, maxWidth: box.width - 6)
        surface.put(text: strings[.confirmChoices], at: CellPoint(row: box.row + 3, column: box.column + 3),
                    role: .muted, maxWidth: box.width - 6)
    }

    public func handle(_ action: Action) -> PaneCommand {
        switch action {
        case .confirm: return .popThen(onConfirm())
        case .cancel, .escape, .back: return .pop
        default: return .none
        }
    }
}
