import Foundation
import Testing
@testable import TerminalUI

@Suite struct UIAppTests {
    let strings = Strings(language: .english)

    func makeApp(_ input: [KeyEvent], size: TerminalSize = TerminalSize(columns: 100, rows: 30))
        -> (UIApp, HeadlessTerminal, ExamplePane, ExamplePane, ExamplePane)
    {
        let terminal = HeadlessTerminal(size: size, input: input)
        let orders = ExamplePane(name: "orders")
        let checkout = ExamplePane(name: "checkout")
        let notifications = ExamplePane(name: "notifications")
        let app = UIApp(
            terminal: terminal, theme: ThemeLoader.builtin(named: "default"), strings: strings,
            status: StatusInfo(merchant: "1900000109", isSandbox: true, listenerAddress: "127.0.0.1:8080"),
            roots: [(.showOrders, orders), (.showCheckout, checkout), (.showNotifications, notifications)])
        return (app, terminal, orders, checkout, notifications)
    }

    func steps(_ app: UIApp, _ count: Int, start: ContinuousClock.Instant = .now) {
        for _ in 0..<count { app.step(now: start) }
    }

    @Test func keysReachTheTopPaneAsActions() {
        let (app, terminal, orders, _, _) = makeApp([.character("j"), .special(.down), .character("k"), .character("j")])
        steps(app, 4)
        #expect(orders.count == 2)
        #expect(terminal.screenLines.contains { $0.contains("orders count: 2") })
    }

    @Test func enterPushesAndQPopsThenQuits() {
        let (app, _, orders, _, _) = makeApp([.special(.enter), .character("q")])
        steps(app, 1)
        #expect(app.topPane?.title == "orders/child")
        steps(app, 1)
        #expect(app.topPane === orders)
        #expect(!app.isFinished)
        app.dispatch(.character("q"))
        #expect(app.isFinished)
    }

    @Test func numberKeysSwitchRootPanes() {
        let (app, terminal, _, checkout, notifications) = makeApp([.character("3"), .character("2")])
        steps(app, 1)
        #expect(app.topPane === notifications)
        steps(app, 1)
        #expect(app.topPane === checkout)
        #expect(checkout.activations == 1)
        #expect(terminal.screenLines.first?.contains("2 Checkout") == true)
    }

    @Test func quitAsksWhileAPaneHasAReasonToStay() {
        let (app, terminal, _, checkout, _) = makeApp([.character("q"), .character("n"), .character("q"), .character("y")])
        checkout.pendingQuestion = "A QR code is still waiting for payment. Quit anyway?"
        steps(app, 1)
        #expect(app.topPane is ConfirmPane)
        #expect(terminal.screenLines.contains { $0.contains("Quit anyway?") })
        steps(app, 1)
        #expect(!(app.topPane is ConfirmPane) && !app.isFinished)
        steps(app, 2)
        #expect(app.isFinished)
    }

    @Test func helpOverlayIsGeneratedFromTheKeymapAndClosesWithEsc() {
        let (app, terminal, _, _, _) = makeApp([.character("?"), .special(.escape)])
        steps(app, 1)
        #expect(app.isShowingHelp)
        let screen = terminal.screenLines.joined(separator: "\n")
        #expect(screen.contains(strings.description(of: .search)))
        #expect(screen.contains(strings.description(of: .showNotifications)))
        steps(app, 1)
        #expect(!app.isShowingHelp)
    }

    @Test func statusBarShowsSandboxBadgeListenerAndHints() {
        let (app, terminal, _, _, _) = makeApp([])
        steps(app, 1)
        let last = terminal.screenLines.last ?? ""
        #expect(last.contains("SANDBOX") && last.contains("127.0.0.1:8080") && last.contains("Enter Open"))
        #expect(terminal.frames.last?[29, 1].role == .sandbox)
    }

    @Test func eventsPostedFromOtherThreadsReachEveryPane() async {
        let (app, _, orders, checkout, _) = makeApp([])
        await Task.detached { app.post("paid PD1") }.value
        steps(app, 1)
        #expect(orders.received.contains("paid PD1") && checkout.received.contains("paid PD1"))
    }

    @Test func asyncWorkResultComesBackThroughTheInbox() async throws {
        let (app, _, orders, _, _) = makeApp([.character("c")])
        steps(app, 1)
        for _ in 0..<100 where !orders.received.contains("checked 42") {
            try await Task.sleep(for: .milliseconds(10))
            steps(app, 1)
        }
        #expect(orders.received.contains("checked 42"))
    }

    @Test func tickArrivesOncePerSecond() {
        let (app, _, orders, _, _) = makeApp([])
        let start = ContinuousClock.now
        app.step(now: start)
        app.step(now: start + .milliseconds(500))
        #expect(!orders.received.contains("tick 1"))
        app.step(now: start + .milliseconds(1000))
        app.step(now: start + .milliseconds(1500))
        app.step(now: start + .milliseconds(2000))
        #expect(orders.received.filter { $0.hasPrefix("tick") } == ["tick 1", "tick 2"])
    }

    @Test func unchangedFramesWriteNothing() {
        let (app, terminal, _, _, _) = makeApp([.character("j")])
        app.render()
        app.render()
        #expect(terminal.writtenRuns.last?.isEmpty == true)
        steps(app, 1)
        let runs = terminal.writtenRuns.last ?? []
        #expect(!runs.isEmpty && runs.allSatisfy { $0.row == 2 || $0.row == 29 })
    }

    @Test func smallTerminalShowsTheSizeMessageInsteadOfTheLayout() {
        let (app, terminal, _, _, _) = makeApp([], size: TerminalSize(columns: 70, rows: 20))
        steps(app, 1)
        #expect(terminal.screenLines.contains { $0.contains("Terminal too small (need 80×24, have 70×20)") })
        #expect(!terminal.screenLines.contains { $0.contains("orders count") })
        terminal.size = TerminalSize(columns: 80, rows: 24)
        terminal.pendingInput = [.resize(terminal.size)]
        steps(app, 1)
        #expect(terminal.screenLines.contains { $0.contains("orders count: 0") })
    }

    @Test func textEntryContextSendsTypedCharactersToThePane() {
        let (app, _, orders, _, _) = makeApp([.character("1"), .character("q"), .character("2"), .special(.enter)])
        orders.paneContext = .checkoutForm
        steps(app, 4)
        #expect(orders.typed == "1q2")
        #expect(app.topPane === orders && !app.isFinished)
        #expect(app.status.message == "saved")
    }

    @Test func wheelScrollsThroughTheMoveActions() {
        let (app, _, orders, _, _) = makeApp([.mouse(.wheelDown(CellPoint(row: 5, column: 5))),
                                               .mouse(.wheelDown(CellPoint(row: 5, column: 5)))])
        steps(app, 2)
        #expect(orders.count == 2)
    }
}
