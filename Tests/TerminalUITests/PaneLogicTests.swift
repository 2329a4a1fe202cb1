import Foundation
import PayCore
import Testing
@testable import TerminalUI

@Suite(.serialized) struct PaneLogicTests {
    let strings = Strings(language: .english)

    func makeApp(_ backend: PaneTestBackend, size: TerminalSize = TerminalSize(columns: 120, rows: 40),
                 sandbox: Bool = true) -> (UIApp, HeadlessTerminal) {
        let terminal = HeadlessTerminal(size: size)
        let context = ConsoleContext(merchantName: "Test shop", isSandbox: sandbox,
                                     listenerAddress: "http://127.0.0.1:9", simulatorBaseURL: nil)
        let app = ConsoleApp.makeApp(terminal: terminal, theme: ThemeLoader.builtin(named: "default"), backend: backend,
                                     context: context, options: ConsoleOptions(), strings: strings)
        // `UIApp.run` activates the first pane; these tests step the app without `run`.
        app.topPane?.activate()
        return (app, terminal)
    }

    func type(_ text: String, into app: UIApp) {
        for character in text { app.dispatch(.character(character)) }
    }

    func screen(_ terminal: HeadlessTerminal) -> String { terminal.screenLines.joined(separator: "\n") }

    @Test func saleGoesFromAmountToQRToPaid() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        let (app, terminal) = makeApp(backend)
        app.dispatch(.character("n"))
        #expect(app.topPane is CheckoutPane)
        type("12.505", into: app)
        app.render()
        #expect(screen(terminal).contains(AmountError.tooManyDecimals.message))
        app.dispatch(.special(.backspace))
        app.dispatch(.special(.enter))
        let checkout = try #require(app.topPane as? CheckoutPane)
        #expect(await drive(app) { checkout.currentOrder != nil })
        let order = try #require(checkout.currentOrder)
        #expect(order.total == 1250)
        app.render()
        let shown = screen(terminal)
        #expect(shown.contains(order.outTradeNo))
        #expect(shown.contains("Expires in 10:00") || shown.contains("Expires in 9:5"))
        #expect(shown.contains("… PENDING"))
        #expect(checkout.context == .qrWaiting)
        #expect(checkout.quitConfirmation != nil)
        // The QR's first row is drawn in the fixed QR colour pair.
        #expect(terminal.frames.last.map { frame in
            (0..<frame.size.columns).contains { frame[10, $0].role == .qr || frame[10, $0].role == .qrLight }
        } == true)

        app.dispatch(.character("c"))
        #expect(backend.callLog.contains("checkNow \(order.outTradeNo)"))

        var paid = order
        paid.status = .paid
        paid.payerTotal = 1250
        app.post(ConsoleEvent.orderUpdated(paid))
        #expect(await drive(app) { checkout.context == .qrPaid })
        app.render()
        #expect(screen(terminal).contains("Paid ¥12.50"))
        #expect(screen(terminal).contains("✓ PAID"))
        app.dispatch(.character("x"))
        #expect(checkout.context == .checkoutForm)
    }

    @Test func simulatePayIsRefusedOutsideTheSandbox() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        let (app, _) = makeApp(backend, sandbox: false)
        app.dispatch(.character("n"))
        type("3", into: app)
        app.dispatch(.special(.enter))
        let checkout = try #require(app.topPane as? CheckoutPane)
        #expect(await drive(app) { checkout.currentOrder != nil })
        app.dispatch(.character("P"))
        #expect(app.status.message == strings[.errorNotSandbox])
    }

    @Test func expiredCodeIsHiddenAndRefreshBringsANewOrder() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        let (app, terminal) = makeApp(backend)
        let expired = try backend.insertPendingOrder("OLD1", total: 100, createdAt: Date().addingTimeInterval(-120),
                                                     lifetime: 60)
        app.dispatch(.character("2"))
        let checkout = try #require(app.topPane as? CheckoutPane)
        checkout.receive(CheckoutResult(sale: 0, kind: .created(expired)))
        #expect(checkout.context == .qrExpired)
        app.render()
        #expect(screen(terminal).contains("⊘ EXPIRED"))
        #expect(!terminal.frames.last!.lines().joined().contains("▀"))
        app.dispatch(.character("r"))
        #expect(await drive(app) { checkout.currentOrder?.outTradeNo == "OLD1R" })
        #expect(backend.callLog.contains("refresh OLD1"))
    }

    @Test func tooSmallPaneSaysSoInsteadOfABrokenCode() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        let (app, terminal) = makeApp(backend, size: TerminalSize(columns: 80, rows: 24))
        app.dispatch(.character("n"))
        type("1", into: app)
        app.dispatch(.special(.enter))
        let checkout = try #require(app.topPane as? CheckoutPane)
        #expect(await drive(app) { checkout.currentOrder != nil })
        terminal.size = TerminalSize(columns: 80, rows: 24)
        app.render()
        // 80×24 leaves 22 rows: a half-block code of a short URL (about 37 modules with quiet zone) fits only
        // beside a 40-column info panel when the pane is wide enough; here it is not, so the message shows.
        let text = screen(terminal)
        #expect(text.contains("Pane too small for the QR code") || text.contains("▀") || text.contains("▄"))
    }

    @Test func orderListJumpsToTheOldestRowAndBack() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        let now = Date()
        try backend.store.seedDemoOrders(count: 5000, merchantID: backend.merchantID ?? 0, now: now)
        let (app, terminal) = makeApp(backend)
        app.render()
        let orders = try #require(app.topPane as? OrdersPane)
        let newest = try #require(orders.window.selected)
        app.dispatch(.character("G"))
        let oldest = try #require(orders.window.selected)
        #expect(oldest.createdAt < newest.createdAt)
        #expect(!orders.window.hasOlder)
        let all = try backend.store.orders(page: OrderQuery(limit: 5000))
        #expect(oldest.id == all.orders.last?.id)
        app.render()
        #expect(screen(terminal).contains(oldest.outTradeNo))
        // Walking up from the end loads newer pages and keeps the window small.
        for _ in 0..<700 { app.dispatch(.character("k")) }
        #expect(orders.window.rows.count <= orders.window.maximumRows)
        #expect(orders.window.selected?.id == all.orders[all.orders.count - 1 - 700].id)
        app.dispatch(.character("g"))
        #expect(orders.window.selected?.id == newest.id)
    }

    @Test func orderListFiltersByStatusAndSearches() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        try backend.store.seedDemoOrders(count: 300, merchantID: backend.merchantID ?? 0)
        let target = try backend.insertPendingOrder("FINDME123", total: 4200)
        let (app, terminal) = makeApp(backend)
        app.render()
        let orders = try #require(app.topPane as? OrdersPane)
        app.dispatch(.character("f"))
        app.dispatch(.character("f"))
        #expect(orders.window.rows.allSatisfy { $0.status == .paid })
        app.dispatch(.character("x"))
        app.dispatch(.character("/"))
        #expect(orders.context == .search)
        type("FINDME123", into: app)
        app.dispatch(.special(.enter))
        #expect(orders.window.rows.map(\.outTradeNo) == [target.outTradeNo])
        app.render()
        #expect(screen(terminal).contains("FINDME123"))
        var paid = target
        paid.status = .paid
        app.post(ConsoleEvent.orderUpdated(paid))
        #expect(await drive(app) { orders.window.rows.first?.status == .paid })
        // Esc leaves the confirmed search (the pane stays): every order is listed again.
        app.dispatch(.special(.escape))
        #expect(app.topPane === orders)
        #expect(orders.searchText.isEmpty)
        #expect(orders.window.rows.count > 1)
    }

    @Test func refundOverTheRemainderIsRefusedBeforeAnyCall() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        var order = try backend.insertPendingOrder("PAID1", total: 1000)
        _ = try backend.store.applyFact(
            outTradeNo: order.outTradeNo,
            fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "42000001",
                                                       payerTotal: 1000, successTime: Date())))
        order = try #require(try backend.store.order(outTradeNo: "PAID1"))
        let (app, terminal) = makeApp(backend)
        app.render()
        app.dispatch(.special(.enter))
        let detail = try #require(app.topPane as? OrderDetailPane)
        #expect(detail.order.outTradeNo == "PAID1")
        app.dispatch(.character("r"))
        let refund = try #require(app.topPane as? RefundPane)
        #expect(await drive(app) { refund.context == .refundForm })
        #expect(refund.amountField.text == "10.00")
        for _ in 0..<5 { app.dispatch(.special(.backspace)) }
        type("20", into: app)
        app.dispatch(.special(.enter))
        app.render()
        #expect(screen(terminal).contains("At most ¥10.00 can be refunded"))
        #expect(!backend.callLog.contains { $0.hasPrefix("refund") })
        for _ in 0..<2 { app.dispatch(.special(.backspace)) }
        type("2.50", into: app)
        app.dispatch(.special(.enter))
        #expect(await drive(app) { refund.context == .confirm })
        app.render()
        #expect(screen(terminal).contains("Refund ¥2.50 of order PAID1?"))
        app.dispatch(.character("y"))
        #expect(await drive(app) { backend.callLog.contains("refund 250") })
    }

    @Test func notificationsArriveLiveAndReplayReportsTheOutcome() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        var stored = try backend.store.insertRawNotification(
            NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{}", path: "/notify"))
        stored.verdict = "rejected"
        stored.verdictDetail = "bad_signature"
        stored.outcome = "rejected"
        stored.httpStatus = 401
        try backend.store.updateNotification(stored)
        let (app, terminal) = makeApp(backend)
        app.dispatch(.character("3"))
        let pane = try #require(app.topPane as? NotificationsPane)
        #expect(pane.records.count == 1)
        var live = stored
        live.id = (stored.id ?? 0) + 100
        live.verdict = "verified"
        live.outcome = "applied"
        live.eventType = "TRANSACTION.SUCCESS"
        live.httpStatus = 200
        app.post(ConsoleEvent.notificationProcessed(live))
        #expect(await drive(app) { pane.records.count == 2 })
        app.render()
        #expect(screen(terminal).contains("TRANSACTION.SUCCESS"))
        #expect(screen(terminal).contains("✗ rejected: bad_signature"))
        app.dispatch(.special(.down))
        app.dispatch(.character("R"))
        #expect(await drive(app) { backend.callLog.contains("replay \(stored.id ?? 0)") })
        app.dispatch(.special(.enter))
        #expect(app.topPane is NotificationDetailPane)
    }

    @Test func notificationsFilterByEventTypeAsWellAsVerdict() async throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        for (event, verdict) in [("TRANSACTION.SUCCESS", "verified"), ("REFUND.SUCCESS", "verified"),
                                 ("REFUND.ABNORMAL", "rejected")] {
            var stored = try backend.store.insertRawNotification(
                NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{}", path: "/notify"))
            stored.eventType = event
            stored.verdict = verdict
            try backend.store.updateNotification(stored)
        }
        let (app, terminal) = makeApp(backend)
        app.dispatch(.character("3"))
        let pane = try #require(app.topPane as? NotificationsPane)
        #expect(pane.records.count == 3)
        app.dispatch(.character("e"))
        #expect(pane.records.map(\.eventType) == ["TRANSACTION.SUCCESS"])
        app.render()
        #expect(screen(terminal).contains("Event: TRANSACTION.*"))
        app.dispatch(.character("e"))
        #expect(Set(pane.records.compactMap(\.eventType)) == ["REFUND.SUCCESS", "REFUND.ABNORMAL"])
        // Both filters at once: refunds that were rejected.
        app.dispatch(.character("f"))
        app.dispatch(.character("f"))
        #expect(pane.records.map(\.eventType) == ["REFUND.ABNORMAL"])
        // A live payment notification does not match the refund filter.
        var live = pane.records[0]
        live.id = 999
        live.eventType = "TRANSACTION.SUCCESS"
        live.verdict = "rejected"
        app.post(ConsoleEvent.notificationProcessed(live))
        app.step()
        #expect(pane.records.count == 1)
        app.dispatch(.character("x"))
        #expect(pane.records.count == 3)
        app.render()
        #expect(screen(terminal).contains("Event: All"))
    }

    @Test func loopEndsWhenTheTerminalGoesAway() throws {
        let backend = try PaneTestBackend()
        defer { backend.remove() }
        let (app, terminal) = makeApp(backend)
        // A pending QR would make `q` ask first; a lost terminal ends the loop without asking anyone.
        terminal.isDisconnected = true
        app.run()
        #expect(app.lostTerminal)
        #expect(app.isFinished)
        #expect(terminal.isShutDown)
    }
}
