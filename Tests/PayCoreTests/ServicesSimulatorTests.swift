import Foundation
import NotifyServer
import PayCore
import Simulator
import Synchronization
import Testing
import WeChatPay

@Suite("Services against the simulator", .serialized)
struct ServicesSimulatorTests {
    @Test func createPayRefundAndReconcile() async throws {
        let shop = try await SimulatedShop.start()
        defer { Task { await shop.stop() } }
        let core = shop.core
        let request = CheckoutRequest(total: 1250, description: "Flat white", businessNo: "INV-1001")
        let order = try await core.checkout.create(request)
        #expect(order.status == .pending)
        #expect(order.codeURL?.hasPrefix("weixin://") == true)
        #expect(order.fee == 8)
        let again = try await core.checkout.create(request)
        #expect(again.outTradeNo == order.outTradeNo)
        await #expect(throws: PayCoreError.self) {
            try await core.checkout.create(CheckoutRequest(total: 999, description: "Flat white", businessNo: "INV-1001"))
        }

        let updates = core.watcher.watch(outTradeNo: order.outTradeNo)
        let paying = try await shop.control("/sim/orders/\(order.outTradeNo)/pay")
        #expect(paying.status == 200)
        var last: OrderRecord?
        for await update in updates {
            last = update
            if update.status == .paid { break }
        }
        #expect(last?.status == .paid)
        // The platform's notification arrives too; under load a poll may have seen SUCCESS first, in which case
        // the verified notification is recorded as "ignored" (already known) rather than "applied".
        var viaNotification: [NotificationRecord] = []
        for _ in 0..<600 {
            viaNotification = try core.store.notifications(outTradeNo: order.outTradeNo)
            if viaNotification.contains(where: { $0.processedAt != nil }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(viaNotification.contains {
            $0.verdict == "verified" && ["applied", "ignored"].contains($0.outcome ?? "") && $0.httpStatus == 200
        })
        let calls = try core.store.apiCalls(outTradeNo: order.outTradeNo)
        #expect(calls.contains { $0.operation == "prepay" && $0.httpStatus == 200 })

        // Over the remainder: refused before any call.
        let callsBefore = try core.store.recentAPICalls(limit: 1000).count
        await #expect(throws: PayCoreError.refundExceedsRemainder(requested: 2000, remainder: 1250)) {
            try await core.refunds.create(outTradeNo: order.outTradeNo, amount: 2000, reason: nil, outRefundNo: nil)
        }
        #expect(try core.store.recentAPICalls(limit: 1000).count == callsBefore)

        let partial = try await core.refunds.create(outTradeNo: order.outTradeNo, amount: 500, reason: "milk", outRefundNo: "RPART000000001")
        #expect(partial.status == .processing)
        let repeated = try await core.refunds.create(outTradeNo: order.outTradeNo, amount: 500, reason: "milk", outRefundNo: "RPART000000001")
        #expect(repeated.id == partial.id)
        #expect(try await shop.control("/sim/refunds/RPART000000001/succeed").status == 200)
        let partly = await shop.waitFor(order.outTradeNo) { $0.status == .partiallyRefunded }
        #expect(partly?.status == .partiallyRefunded)
        #expect(partly?.refundedTotal == 500)

        let rest = try await core.refunds.create(outTradeNo: order.outTradeNo, amount: nil, reason: nil, outRefundNo: nil)
        #expect(rest.amount == 750)
        #expect(try await shop.control("/sim/refunds/\(rest.outRefundNo)/succeed").status == 200)
        let refunded = await shop.waitFor(order.outTradeNo) { $0.status == .refunded }
        #expect(refunded?.status == .refunded)
        let queried = try await core.refunds.query(outRefundNo: rest.outRefundNo)
        #expect(queried.status == .success)

        // Reconciliation with a seeded difference: a local payment the platform never saw.
        let ghost = try core.store.insertOrder(
            OrderRecord(merchantID: core.merchantID, outTradeNo: "GHOST0000000001", description: "Ghost", total: 300, createdAt: Date()))
        try core.store.applyFact(
            outTradeNo: ghost.outTradeNo,
            fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "4200000000000000000000000001", successTime: Date())))
        let today = String(WeChatPayTime.format(Date()).prefix(10))
        let report = try await core.reconciler.reconcile(date: today)
        #expect(report.missingRemotely.map(\.outTradeNo) == ["GHOST0000000001"])
        // The payment and its two refunds agree (payment rows carry `0` as refund number: not refunds).
        #expect(report.matched == 3)
        #expect(report.missingLocally.isEmpty, "\(report.missingLocally)")
        #expect(report.mismatched.isEmpty)
        #expect(report.table().contains("GHOST0000000001"))
    }

    @Test func refreshAndExpiryCloseAtWeChatPay() async throws {
        let shop = try await SimulatedShop.start()
        defer { Task { await shop.stop() } }
        let core = shop.core
        let first = try await core.checkout.create(
            CheckoutRequest(total: 300, description: "Tea", businessNo: "INV-2002"))
        let fresh = try await core.checkout.refresh(outTradeNo: first.outTradeNo)
        #expect(fresh.outTradeNo != first.outTradeNo)
        #expect(fresh.status == .pending)
        #expect(fresh.businessNo == "INV-2002")
        let old = try #require(try core.store.order(outTradeNo: first.outTradeNo))
        #expect(old.status == .closed)
        #expect(old.closeReason == "REFRESHED")
        _ = try await core.checkout.query(outTradeNo: first.outTradeNo)
        #expect(try core.store.snapshots(outTradeNo: first.outTradeNo).last?.json.contains("\"trade_state\":\"CLOSED\"") == true)
        #expect(try core.store.apiCalls(outTradeNo: first.outTradeNo).contains { $0.operation == "close" && $0.httpStatus == 204 })

        // Expiry: time passes locally; the watcher closes the order at WeChat Pay.
        let updates = core.watcher.watch(outTradeNo: fresh.outTradeNo)
        shop.box.advance(601)
        var last: OrderRecord?
        for await update in updates { last = update }
        #expect(last?.status == .closed)
        #expect(last?.closeReason == "EXPIRED")
        _ = try await core.checkout.query(outTradeNo: fresh.outTradeNo)
        #expect(try core.store.snapshots(outTradeNo: fresh.outTradeNo).last?.json.contains("\"trade_state\":\"CLOSED\"") == true)
    }
    /// An order flagged for a query (a late payment, an outside refund) is queried by the next sweep, and that answer
    /// settles the flag: the sweep after it leaves the paid order alone.
    @Test func aSweepQueriesAFlaggedOrderOnceAndClearsTheFlag() async throws {
        let shop = try await SimulatedShop.start()
        defer { Task { await shop.stop() } }
        let core = shop.core
        let order = try await core.checkout.create(CheckoutRequest(total: 700, description: "Espresso"))
        #expect(try await shop.control("/sim/orders/\(order.outTradeNo)/pay").status == 200)
        _ = try await core.checkout.query(outTradeNo: order.outTradeNo)
        try core.store.write { db in
            try db.execute(sql: "UPDATE orders SET needs_query = 1 WHERE out_trade_no = ?", arguments: [order.outTradeNo])
        }
        let first = await core.sync.sweep()
        #expect(first.failures.isEmpty)
        #expect(first.ordersChecked == 1)
        let settled = try #require(try core.store.order(outTradeNo: order.outTradeNo))
        #expect(settled.status == .paid)
        #expect(!settled.needsQuery)
        let second = await core.sync.sweep()
        #expect(second.ordersChecked == 0)
    }
}
