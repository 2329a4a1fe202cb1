import Foundation
import GRDB
@testable import PayCore
import Testing
import WeChatPay

/// Deliveries stored and acknowledged first, applied afterwards in arrival order (`NotificationApplyPolicy`).
@Suite("Notification backlog")
struct NotificationBacklogTests {
    @Test func queuedDeliveriesAreAcknowledgedThenEachAppliedOnceInTheBackground() async throws {
        let harness = try await CoreHarness(notificationApply: .queued)
        defer { Task { await harness.remove() } }
        let numbers = (0..<60).map { String(format: "QUEUED%09d", $0) }
        var deliveries: [InboundNotification] = []
        for number in numbers {
            try harness.pendingOrder(number, total: 700)
            deliveries.append(try harness.v3Notification(plaintext: CoreHarness.transactionJSON(number, total: 700)))
        }
        let events = harness.core.events.subscribe()
        let ingestor = harness.core.ingestor
        let outcomes = await withTaskGroup(of: IngestOutcome.self) { group in
            for delivery in deliveries + deliveries { group.addTask { await ingestor.ingest(delivery) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // Every delivery was answered 200 once stored, none of them applied yet.
        #expect(outcomes.count == 120)
        #expect(outcomes.allSatisfy { $0.httpStatus == 200 && $0.record.outcome == "queued" })
        #expect(try await harness.backlogApplied())

        let rows = try harness.core.store.read { db in try NotificationRecord.order(Column("id")).fetchAll(db) }
        #expect(rows.count == 120)
        #expect(rows.count { $0.outcome == "applied" } == 60)
        #expect(rows.count { $0.outcome == "duplicate" } == 60)
        // What was answered stays on record; the first delivery of each pair (arrival order) is the applied one.
        #expect(rows.allSatisfy { $0.httpStatus == 200 && $0.processedAt != nil && $0.verdict == "verified" })
        for row in rows where row.outcome == "duplicate" {
            let original = try #require(rows.first { $0.id == row.duplicateOf })
            #expect(original.outcome == "applied" && original.id! < row.id! && original.deliveryCount == 2)
        }
        for number in numbers {
            #expect(try harness.core.store.order(outTradeNo: number)?.status == .paid)
        }
        // The console learns of each payment when it is applied.
        var paid = Set<String>()
        for await event in events {
            if case .orderUpdated(let order) = event, order.status == .paid { paid.insert(order.outTradeNo) }
            if paid.count == numbers.count { break }
        }
        #expect(paid == Set(numbers))
    }

    @Test func aQueuedRefundNotificationSettlesTheRefund() async throws {
        let harness = try await CoreHarness(notificationApply: .queued)
        defer { Task { await harness.remove() } }
        let order = try harness.pendingOrder("QUEUEDREFUND001", total: 1000)
        let payment = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("QUEUEDREFUND001", total: 1000)))
        #expect(payment.record.outcome == "queued")
        #expect(try await harness.backlogApplied())
        try harness.core.store.requestRefund(
            outTradeNo: "QUEUEDREFUND001",
            refund: RefundRecord(orderID: try #require(order.id), outRefundNo: "QREFUND00000001", amount: 400, createdAt: Date()))
        let refund = await harness.core.ingestor.ingest(
            try harness.v3Notification(
                event: "REFUND.SUCCESS",
                plaintext: CoreHarness.refundJSON("QUEUEDREFUND001", outRefundNo: "QREFUND00000001", refund: 400, total: 1000)))
        #expect(refund.record.outcome == "queued")
        #expect(try await harness.backlogApplied())
        let stored = try harness.core.store.order(outTradeNo: "QUEUEDREFUND001")
        #expect(stored?.status == .partiallyRefunded)
        #expect(stored?.refundedTotal == 400)
        let settled = try harness.core.store.refund(outRefundNo: "QREFUND00000001")
        #expect(settled?.status == .success)
        #expect(settled?.userReceivedAccount == "支付用户零钱")
    }

    @Test func aBacklogLeftBehindIsAppliedWhenTheNextCoreStarts() async throws {
        let harness = try await CoreHarness(notificationApply: .queued)
        defer { Task { await harness.remove() } }
        // As if the process died after acknowledging: the first core stores but never applies.
        await harness.core.ingestor.stopApplyingBacklog()
        try harness.pendingOrder("QUEUEDCRASH0001", total: 900)
        let answered = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("QUEUEDCRASH0001", total: 900)))
        #expect(answered.httpStatus == 200 && answered.record.outcome == "queued")
        #expect(try harness.core.ingestor.backlogCount() == 1)
        #expect(try harness.core.store.order(outTradeNo: "QUEUEDCRASH0001")?.status == .pending)

        // The next process, with the default policy, opens the same database and, as every process with a listener
        // does when it starts (Runtime), applies what was left.
        let next = try await PaymentCore(
            configuration: harness.configuration, store: try Store.open(path: harness.configuration.databasePath),
            transport: ScriptedTransport.unreachable(), retry: .never)
        next.ingestor.applyBacklog()
        #expect(try await harness.backlogApplied(by: next.ingestor))
        await next.shutdown()
        #expect(try harness.core.store.order(outTradeNo: "QUEUEDCRASH0001")?.status == .paid)
        let rowID = try #require(answered.record.id)
        let row = try #require(try harness.core.store.notification(id: rowID))
        #expect(row.outcome == "applied" && row.httpStatus == 200)
    }

    @Test func aQueuedMismatchIsRecordedAndAlertedNotApplied() async throws {
        let harness = try await CoreHarness(notificationApply: .queued)
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("QUEUEDMISMATCH1", total: 1000)
        let answered = await harness.core.ingestor.ingest(
            try harness.v3Notification(plaintext: CoreHarness.transactionJSON("QUEUEDMISMATCH1", total: 1)))
        #expect(answered.httpStatus == 200)
        #expect(try await harness.backlogApplied())
        let rowID = try #require(answered.record.id)
        let row = try #require(try harness.core.store.notification(id: rowID))
        // Acknowledged when it was stored (that answer stays on record), rejected when it was applied.
        #expect(row.outcome == "rejected" && row.verdictDetail == "mismatch" && row.httpStatus == 200)
        let order = try harness.core.store.order(outTradeNo: "QUEUEDMISMATCH1")
        #expect(order?.status == .pending)
        #expect(order?.alertCodes.contains("NOTIFICATION_MISMATCH") == true)
    }

    /// The adaptive policy counts the deliveries being ingested, the one at hand included, and stops counting each
    /// once it is answered: with a threshold of 2, deliveries sent one after another are all applied inline; with 1,
    /// each is queued.
    @Test func theAdaptivePolicyCountsDeliveriesInFlight() async throws {
        for (behindBy, outcome) in [(2, "applied"), (1, "queued")] {
            let harness = try await CoreHarness(notificationApply: .adaptive(behindBy: behindBy))
            defer { Task { await harness.remove() } }
            for index in 1...3 {
                let number = "INFLIGHT\(behindBy)0000\(index)"
                try harness.pendingOrder(number, total: 100)
                let answered = await harness.core.ingestor.ingest(
                    try harness.v3Notification(plaintext: CoreHarness.transactionJSON(number, total: 100)))
                #expect(answered.httpStatus == 200)
                #expect(answered.record.outcome == outcome)
            }
            #expect(try await harness.backlogApplied())
        }
    }

    /// The rule that decides, in the writer's transaction, whether a delivery is queued.
    @Test func aDeliveryIsQueuedWhenIngestionIsBehindOrItsOrderHasQueuedDeliveries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backlog-rule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("paydesk.sqlite").path)
        try store.write { db in
            let adaptive = NotificationApplyPolicy.adaptive(behindBy: 16)
            #expect(try !NotificationApplyPolicy.inline.queues(inFlight: 500, outTradeNo: "A", in: db))
            #expect(try !adaptive.queues(inFlight: 15, outTradeNo: "A", in: db))
            #expect(try adaptive.queues(inFlight: 16, outTradeNo: "A", in: db))
            #expect(try NotificationApplyPolicy.queued.queues(inFlight: 1, outTradeNo: "A", in: db))
            var row = NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{}")
            row.outTradeNo = "A"
            row.outcome = NotificationVerdict.Outcome.queued
            try row.insert(db)
            // Older deliveries of the same order wait: nothing may overtake them, whatever the policy…
            #expect(try NotificationApplyPolicy.inline.queues(inFlight: 1, outTradeNo: "A", in: db))
            #expect(try adaptive.queues(inFlight: 1, outTradeNo: "A", in: db))
            // …while other orders are independent of them.
            #expect(try !NotificationApplyPolicy.inline.queues(inFlight: 1, outTradeNo: "B", in: db))
            #expect(try !adaptive.queues(inFlight: 1, outTradeNo: "B", in: db))
        }
    }
}
