import Foundation
import GRDB
@testable import PayCore
import Testing

/// The notification path's hand-written statements (HotWrites) must store exactly what GRDB's record encoding
/// stores: the same record written both ways gives the same row, column for column.
@Suite struct HotWritesTests {
    /// Every column of the row with this id, but the id.
    private func row(_ table: String, id: Int64?, in db: Database) throws -> [String: DatabaseValue] {
        let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]))
        return Dictionary(uniqueKeysWithValues: row.columnNames.filter { $0 != "id" }.map { ($0, row[$0] as DatabaseValue) })
    }

    /// The duplicate check finds earlier deliveries through the partial index of migration v5, which holds only the
    /// rows it can return; if the query's conditions drifted from the index's, SQLite would scan the table.
    @Test func duplicateCheckUsesThePartialFirstDeliveryIndex() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let plan = try temporary.store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + NotificationSettlement.firstDeliverySQL, arguments: ["EV-1"])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX notifications_first_delivery (notification_id=?)") }, "\(plan)")
    }

    @Test func notificationInsertMatchesTheRecordEncoding() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        var record = NotificationRecord(
            receivedAt: Date(timeIntervalSince1970: 1_764_300_000.123), headersJSON: #"{"A":"b"}"#, body: "{\"id\":1}",
            protocolVersion: "v3", path: "/notify", remoteAddress: "127.0.0.1")
        record.notificationID = "EV-1"
        record.eventType = "TRANSACTION.SUCCESS"
        record.resourceType = "encrypt-resource"
        record.summary = "支付成功"
        record.outTradeNo = "ORDER000001"
        record.outRefundNo = "R1"
        record.verdict = NotificationVerdict.verified
        record.verdictDetail = "detail"
        record.decryptVerdict = NotificationVerdict.Decrypt.ok
        record.decryptedResource = #"{"out_trade_no":"ORDER000001"}"#
        record.outcome = NotificationVerdict.Outcome.applied
        record.outcomeDetail = "PENDING → PAID"
        record.httpStatus = 200
        record.deliveryCount = 3
        record.processedAt = Date(timeIntervalSince1970: 1_764_300_001.456)
        let (slow, fast) = try temporary.store.write { db in
            var slow = record
            try slow.insert(db)
            record.duplicateOf = slow.id
            slow.duplicateOf = slow.id
            try slow.update(db)
            var fast = record
            try fast.insertFast(db)
            return (slow, fast)
        }
        #expect(fast.id != nil && fast.id != slow.id)
        try temporary.store.read { db in
            let (fastRow, slowRow) = (try row("notifications", id: fast.id, in: db), try row("notifications", id: slow.id, in: db))
            #expect(fastRow == slowRow)
            #expect(try NotificationRecord.fetchOne(db, key: fast.id)?.outcomeDetail == "PENDING → PAID")
        }
    }

    @Test func snapshotInsertMatchesTheRecordEncoding() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let order = try temporary.makeOrder("ORDER000002")
        let snapshot = SnapshotRecord(
            kind: .refund, source: .notification, json: #"{"status":"SUCCESS"}"#, takenAt: Date(timeIntervalSince1970: 1_764_300_002.789),
            orderID: order.id, outTradeNo: "ORDER000002", outRefundNo: "R2")
        let (slow, fast) = try temporary.store.write { db in
            var slow = snapshot
            try slow.insert(db)
            var fast = snapshot
            try fast.insertFast(db)
            return (slow, fast)
        }
        try temporary.store.read { db in
            let (fastRow, slowRow) = (try row("snapshots", id: fast.id, in: db), try row("snapshots", id: slow.id, in: db))
            #expect(fastRow == slowRow)
            #expect(try SnapshotRecord.fetchOne(db, key: fast.id)?.outRefundNo == "R2")
        }
    }

    @Test func stateUpdateWritesWhatAbsorbChanges() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let created = Date(timeIntervalSince1970: 1_764_300_000)
        let first = try temporary.makeOrder("ORDER000003", createdAt: created)
        let second = try temporary.makeOrder("ORDER000004", createdAt: created)
        let paidAt = Date(timeIntervalSince1970: 1_764_300_100.5)
        var snapshot = first.snapshot(refunds: [])
        snapshot.status = .paid
        snapshot.tradeState = "SUCCESS"
        snapshot.tradeStateDescription = "支付成功"
        snapshot.transactionID = "4200000000000000000000000001"
        snapshot.payerOpenID = "openid"
        snapshot.payerTotal = 1000
        snapshot.codeURL = "weixin://wxpay/bizpayurl?pr=abc"
        snapshot.prepayID = "wx1"
        snapshot.paidAt = paidAt
        snapshot.needsQuery = true
        let now = Date(timeIntervalSince1970: 1_764_300_200.25)
        let (slow, fast) = try temporary.store.write { db in
            var slow = first
            slow.absorb(snapshot, at: now)
            try slow.update(db)
            var fast = second
            fast.absorb(snapshot, at: now)
            try fast.updateState(db)
            return (slow, fast)
        }
        try temporary.store.read { db in
            var slowRow = try row("orders", id: slow.id, in: db)
            var fastRow = try row("orders", id: fast.id, in: db)
            #expect(slowRow.removeValue(forKey: "out_trade_no") != fastRow.removeValue(forKey: "out_trade_no"))
            #expect(fastRow == slowRow)
            #expect(try OrderRecord.fetchOne(db, key: fast.id) == fast)
            #expect(fast.status == .paid && fast.version == second.version + 1)
        }
    }
}
