import Foundation
import GRDB
import PayCore
import Testing

@Suite struct StoreTests {
    /// v3 rebuilds the search index of an existing file with prefix indexes: every entry kept, search still works.
    @Test func migrationV3RebuildsTheSearchIndexOfAnExistingFile() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("2026112417A1b2C3", description: "拿铁咖啡 大杯")
        try temporary.makeOrder("2026112418ZZ9900", description: "Blueberry muffin")
        // Put the file back as v2 left it: the search table without prefix indexes, v3 not applied.
        try temporary.store.write { db in
            try db.execute(sql: """
                DROP TABLE order_search_terms;
                CREATE VIRTUAL TABLE order_search_v2 USING fts5(out_trade_no, transaction_id, description, tokenize='unicode61');
                INSERT INTO order_search_v2(rowid, out_trade_no, transaction_id, description)
                  SELECT rowid, out_trade_no, transaction_id, description FROM order_search;
                DROP TABLE order_search;
                ALTER TABLE order_search_v2 RENAME TO order_search;
                DELETE FROM grdb_migrations WHERE identifier = 'v3_order_search_prefixes';
                """)
        }
        let reopened = try Store.open(path: temporary.path)
        #expect(try reopened.appliedMigrations().contains("v3_order_search_prefixes"))
        let definition = try reopened.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'order_search'") ?? ""
        }
        #expect(definition.contains("prefix"), "\(definition)")
        func search(_ text: String) throws -> [String] {
            try reopened.orders(page: OrderQuery(searchText: text)).orders.map(\.outTradeNo)
        }
        #expect(try search("咖啡") == ["2026112417A1b2C3"])
        #expect(try search("blueb") == ["2026112418ZZ9900"])
        #expect(try search("2") == ["2026112418ZZ9900", "2026112417A1b2C3"])
    }

    @Test func migratesAFreshFileAndReopensIt() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        #expect(try temporary.store.appliedMigrations() == ["v1_initial", "v2_webhook_attempts", "v3_order_search_prefixes", "v4_notifications_queued", "v5_first_deliveries"])
        try temporary.makeOrder("ORDER000001")
        let reopened = try Store.open(path: temporary.path)
        #expect(try reopened.appliedMigrations() == ["v1_initial", "v2_webhook_attempts", "v3_order_search_prefixes", "v4_notifications_queued", "v5_first_deliveries"])
        #expect(try reopened.order(outTradeNo: "ORDER000001")?.total == 1000)
        let tables = try reopened.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["merchants", "orders", "refunds", "api_calls", "notifications", "snapshots", "webhook_deliveries", "order_search"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test func walForeignKeysBusyTimeoutAndSynchronousAreOn() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        // The writer connection: the one that must wait for another process's write lock.
        let (journal, foreignKeys, busy, synchronous) = try temporary.store.write { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA busy_timeout"), try Int.fetchOne(db, sql: "PRAGMA synchronous")
            )
        }
        let readerForeignKeys = try temporary.store.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(readerForeignKeys == 1)
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(busy == 5000)
        #expect(synchronous == 2, "FULL")
        #expect(throws: DatabaseError.self) {
            try temporary.store.write { db in
                var refund = RefundRecord(orderID: 999_999, outRefundNo: "RNOORDER1", amount: 1, createdAt: Date())
                try refund.insert(db)
            }
        }
    }

    @Test func duplicateOrderNumbersAndBusinessNumbersAreRefused() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("ORDER000001", businessNo: "BIZ-1")
        #expect(throws: StoreError.duplicateOrder("ORDER000001")) { try temporary.makeOrder("ORDER000001") }
        #expect(throws: StoreError.duplicateOrder("BIZ-1")) { try temporary.makeOrder("ORDER000002", businessNo: "BIZ-1") }
        let found = try #require(try temporary.store.order(businessNo: "BIZ-1", merchantID: temporary.merchantID))
        #expect(found.outTradeNo == "ORDER000001")
        #expect(found.fee == 6, "0.6 % of 10.00 yuan")
        // Business numbers are optional: many orders without one coexist.
        try temporary.makeOrder("ORDER000003")
        try temporary.makeOrder("ORDER000004")
    }

    @Test func applyFactWritesTheTransitionAndIsIdempotent() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("ORDER000001")
        let store = temporary.store
        try store.applyFact(outTradeNo: "ORDER000001", fact: .prepayOK(codeURL: "weixin://wxpay/x", prepayID: nil))
        let paid = OrderFact.observedTradeState(
            TradeObservation(tradeState: "SUCCESS", transactionID: "4200000042", payerTotal: 1000, payerOpenID: "o-1"))
        let first = try store.applyFact(outTradeNo: "ORDER000001", fact: paid)
        #expect(first.outcome == .applied)
        let afterFirst = try #require(try store.order(outTradeNo: "ORDER000001"))
        let second = try store.applyFact(outTradeNo: "ORDER000001", fact: paid)
        #expect(second.outcome == .unchanged)
        let afterSecond = try #require(try store.order(outTradeNo: "ORDER000001"))
        #expect(afterSecond == afterFirst)
        #expect(afterSecond.status == .paid)
        #expect(afterSecond.version == 3)
        #expect(afterSecond.codeURL == "weixin://wxpay/x")
        #expect(try store.order(transactionID: "4200000042")?.outTradeNo == "ORDER000001")
        #expect(try store.orders(page: OrderQuery(searchText: "4200000042")).orders.map(\.outTradeNo) == ["ORDER000001"])
        #expect(throws: StoreError.orderNotFound("NOPE000001")) { try store.applyFact(outTradeNo: "NOPE000001", fact: paid) }
    }

    @Test func aFailingClosureRollsBackTheWholeTransaction() throws {
        struct Boom: Error {}
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("ORDER000001")
        let stored = try temporary.store.insertRawNotification(
            NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{\"id\":\"N1\"}"))
        #expect(throws: Boom.self) {
            try temporary.store.applyFact(
                outTradeNo: "ORDER000001", fact: .prepayOK(codeURL: "weixin://wxpay/x", prepayID: nil)
            ) { db, transition in
                var notification = stored
                notification.outcome = NotificationVerdict.Outcome.applied
                try Store.updateNotification(notification, in: db)
                #expect(transition.outcome == .applied)
                throw Boom()
            }
        }
        #expect(try temporary.store.order(outTradeNo: "ORDER000001")?.status == .created)
        #expect(try temporary.store.notification(id: stored.id ?? 0)?.outcome == nil)
    }

    @Test func closureCommitsWithTheFact() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.makeOrder("ORDER000001")
        var stored = try temporary.store.insertRawNotification(
            NotificationRecord(receivedAt: Date(), headersJSON: "{\"Wechatpay-Serial\":\"ABC\"}", body: "{}"))
        try temporary.store.applyFact(outTradeNo: "ORDER000001", fact: .localClose(reason: .expired)) { db, _ in
            stored.outcome = NotificationVerdict.Outcome.applied
            stored.httpStatus = 204
            stored.processedAt = Date()
            try Store.updateNotification(stored, in: db)
        }
        #expect(try temporary.store.notification(id: stored.id ?? 0)?.httpStatus == 204)
        let order = try #require(try temporary.store.order(outTradeNo: "ORDER000001"))
        #expect(order.status == .closed)
        #expect(order.closeReason == "EXPIRED")
    }

    @Test func refundRemainderArithmeticFollowsRefundStatuses() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = temporary.store
        try temporary.makeOrder("ORDER000001", total: 1000)
        #expect(try store.refundableRemainder(outTradeNo: "ORDER000001") == 0, "unpaid orders refund nothing")
        try store.applyFact(outTradeNo: "ORDER000001", fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "T1")))
        #expect(try store.refundableRemainder(outTradeNo: "ORDER000001") == 1000)
        let orderID = try #require(try store.order(outTradeNo: "ORDER000001")?.id)
        try store.requestRefund(
            outTradeNo: "ORDER000001",
            refund: RefundRecord(orderID: orderID, outRefundNo: "RF00000001", amount: 300, reason: "退货", createdAt: Date()))
        #expect(try store.order(outTradeNo: "ORDER000001")?.status == .refunding)
        #expect(try store.refundableRemainder(outTradeNo: "ORDER000001") == 700)
        #expect(try store.refund(outRefundNo: "RF00000001")?.reason == "退货")
        #expect(throws: StoreError.refused("refund of 800 fen is above the refundable 700 fen")) {
            try store.requestRefund(
                outTradeNo: "ORDER000001",
                refund: RefundRecord(orderID: orderID, outRefundNo: "RF00000002", amount: 800, createdAt: Date()))
        }
        #expect(try store.refund(outRefundNo: "RF00000002") == nil)
        try store.applyFact(outTradeNo: "ORDER000001", fact: .refundSucceeded(RefundFact(outRefundNo: "RF00000001", amount: 300, refundID: "5030")))
        let order = try #require(try store.order(outTradeNo: "ORDER000001"))
        #expect(order.status == .partiallyRefunded)
        #expect(order.refundedTotal == 300)
        #expect(order.refundCount == 1)
        let refund = try #require(try store.refund(outRefundNo: "RF00000001"))
        #expect(refund.status == .success)
        #expect(refund.refundID == "5030")
        #expect(refund.succeededAt != nil)
        try store.requestRefund(
            outTradeNo: "ORDER000001",
            refund: RefundRecord(orderID: orderID, outRefundNo: "RF00000003", amount: 700, createdAt: Date()))
        try store.applyFact(outTradeNo: "ORDER000001", fact: .refundClosed(RefundFact(outRefundNo: "RF00000003", amount: 700)))
        #expect(try store.refundableRemainder(outTradeNo: "ORDER000001") == 700, "a closed refund returns its amount")
        #expect(try store.refunds(outTradeNo: "ORDER000001").map(\.status) == [.success, .closed])
    }

    @Test func notificationsAreStoredRawThenCompletedAndDuplicatesCounted() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = temporary.store
        var first = try store.insertRawNotification(
            NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{\"id\":\"EV-1\"}", path: "/notify"))
        #expect(first.verdict == "PENDING")
        first.notificationID = "EV-1"
        first.verdict = NotificationVerdict.verified
        first.outcome = NotificationVerdict.Outcome.applied
        first.httpStatus = 204
        try store.updateNotification(first)
        var second = try store.insertRawNotification(
            NotificationRecord(receivedAt: Date(), headersJSON: "{}", body: "{\"id\":\"EV-1\"}"))
        second.notificationID = "EV-1"
        second.verdict = NotificationVerdict.verified
        second.outcome = NotificationVerdict.Outcome.duplicate
        try store.recordDuplicate(second, of: try #require(first.id))
        #expect(try store.notification(id: try #require(first.id))?.deliveryCount == 2)
        #expect(try store.notification(id: try #require(second.id))?.duplicateOf == first.id)
        #expect(try store.notifications(verdict: NotificationVerdict.verified).count == 2)
        #expect(try store.notifications(verdict: NotificationVerdict.rejected).isEmpty)
        #expect(try store.notifications(limit: 1).first?.id == second.id)
    }

    @Test func timelineMergesEverythingAboutAnOrderByTime() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = temporary.store
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try temporary.makeOrder("ORDER000001", createdAt: start)
        try store.insertAPICall(
            APICallRecordRow(
                operation: "prepay", method: "POST", endpoint: "/v3/pay/transactions/native",
                startedAt: start.addingTimeInterval(1), outTradeNo: "ORDER000001", httpStatus: 200, latencyMilliseconds: 80))
        var notification = try store.insertRawNotification(
            NotificationRecord(receivedAt: start.addingTimeInterval(30), headersJSON: "{}", body: "{}"))
        notification.outTradeNo = "ORDER000001"
        notification.eventType = "TRANSACTION.SUCCESS"
        notification.outcome = NotificationVerdict.Outcome.applied
        try store.updateNotification(notification)
        try store.applyFact(
            outTradeNo: "ORDER000001",
            fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "T1", successTime: start.addingTimeInterval(29))),
            now: start.addingTimeInterval(30))
        try store.insertSnapshot(
            SnapshotRecord(kind: .transaction, source: .query, json: "{\"trade_state\":\"SUCCESS\"}", takenAt: start.addingTimeInterval(40), outTradeNo: "ORDER000001"))
        let orderID = try #require(try store.order(outTradeNo: "ORDER000001")?.id)
        try store.enqueueWebhookDelivery(
            WebhookDeliveryRecord(orderID: orderID, event: "PAID", url: "http://127.0.0.1:1/hook", payload: "{}", createdAt: start.addingTimeInterval(50)))
        try store.enqueueWebhookDelivery(
            WebhookDeliveryRecord(orderID: orderID, event: "PAID", url: "http://127.0.0.1:1/hook", payload: "{}", createdAt: start.addingTimeInterval(51)))
        let kinds = try store.timeline(outTradeNo: "ORDER000001").map(\.kind)
        #expect(kinds == [.orderCreated, .apiCall, .orderPaid, .notification, .snapshot, .webhook])
        #expect(try store.snapshots(outTradeNo: "ORDER000001").first?.orderID == orderID)
        #expect(try store.apiCalls(outTradeNo: "ORDER000001").first?.orderID == orderID)
        #expect(try store.dueWebhookDeliveries(now: start.addingTimeInterval(60)).count == 1)
    }

    @Test func merchantKeepsKeyPathsOnly() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        var merchant = MerchantRecord(
            name: "Partner", appID: "wxSP", merchantNumber: "1900000002", mode: .partner,
            createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        merchant.subMerchantNumber = "1900000109"
        merchant.privateKeyPath = "/keys/apiclient_key.pem"
        merchant.merchantSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
        let stored = try temporary.store.insertMerchant(merchant)
        let storedID = try #require(stored.id)
        let loaded = try #require(try temporary.store.merchant(id: storedID))
        #expect(loaded == stored)
        #expect(try temporary.store.merchant(named: "Partner")?.mode == .partner)
        let columns = try temporary.store.read { db in try db.columns(in: "merchants").map(\.name) }
        #expect(!columns.contains { $0.contains("private_key") && !$0.hasSuffix("_path") })
    }

    @Test func seededOrdersDecodeWithExactTimesAndAreSearchable() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let now = Date(timeIntervalSince1970: 1_803_000_000.75)  // 2027-02-18, fractional on purpose
        let report = try temporary.store.seedDemoOrders(count: 5, merchantID: temporary.merchantID, now: now)
        #expect(report.count == 5)
        let orders = try temporary.store.orders(page: OrderQuery(limit: 10)).orders
        #expect(orders.map(\.createdAt) == [0, 1, 1, 2, 2].map { Date(timeIntervalSince1970: 1_803_000_000 - Double($0)) })
        let sameTime = try temporary.store.orders(
            page: OrderQuery(createdSince: Date(timeIntervalSince1970: 1_802_999_999), createdUntil: Date(timeIntervalSince1970: 1_803_000_000)))
        #expect(sameTime.orders.count == 2, "text comparison of seeded and bound dates agrees")
        let first = try #require(orders.first)
        #expect(try temporary.store.orders(page: OrderQuery(searchText: first.outTradeNo)).orders.map(\.id) == [first.id])
        #expect(first.fee == FeeCalculator.fee(total: first.total, ratePPM: 6000))
    }
}
