@testable import TerminalUI

/// A tiny pane for exercising the UI loop without a terminal: a counter moved by j/k, Enter opens a
/// child, `c` starts async work, and every received event is recorded.
final class ExamplePane: Pane {
    let name: String
    var count = 0
    var received: [String] = []
    var activations = 0
    var typed = ""
    var pendingQuestion: String?
    var paneContext: KeymapContext = .orders
    var qrText: String?
    var qrStyle: QRStyle = .halfBlocks

    init(name: String) {
        self.name = name
    }

    var title: String { name }
    var context: KeymapContext { paneContext }
    var quitConfirmation: String? { pendingQuestion }

    func activate() { activations += 1 }

    func render(into surface: inout Surface, area: CellRect, theme: Theme) {
        surface.put(text: "\(name) count: \(count)", at: CellPoint(row: area.row + 1, column: 2))
        surface.put(text: "typed: \(typed)", at: CellPoint(row: area.row + 2, column: 2))
        if let qrText, let matrix = try? QRMatrix.encode(qrText) {
            QRRenderer.draw(matrix, style: qrStyle, into: &surface, at: CellPoint(row: area.row + 3, column: 2))
        }
    }

    func handle(_ action: Action) -> PaneCommand {
        switch action {
        case .moveDown: count += 1
        case .moveUp: count -= 1
        case .open: return .push(ExamplePane(name: name + "/child"))
        case .checkNow: return .run { "checked \(21 * 2)" }
        case .cancel: return .pop
        case .confirm: return .message("saved")
        default: return .unhandled
        }
        return .none
    }

    func handleText(_ character: Character) -> PaneCommand {
        typed.append(character)
        return .none
    }

    func receive(_ event: any Sendable) {
        switch event {
        case let text as String: received.append(text)
        case let tick as UITick: received.append("tick \(tick.elapsedSeconds)")
        default: received.append("other")
        }
    }
}
