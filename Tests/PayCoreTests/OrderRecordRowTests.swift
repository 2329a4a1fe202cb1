import Foundation
import GRDB
import Testing

@testable import PayCore

/// `OrderRecord.init(row:)` reads each field from its own column: a record written through GRDB's encoding (every
/// optional set, then every optional empty) reads back equal, field for field.
@Suite struct OrderRecordRowTests {
    /// Instants as stored (whole milliseconds), binary fractions so that the round trip is exact.
    private static func instant(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test func everyColumnReadsBackIntoItsField() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        var full = OrderRecord(
            merchantID: temporary.merchantID, outTradeNo: "ROWTEST0000001", description: "Tea ✓", total: 1250,
            createdAt: Self.instant(1_764_300_000.125), expiresAt: Self.instant(1_764_300_900.5), businessNo: "B-7",
            attach: "a=1", tradeType: "NATIVE", currency: "CNY", points: 3, feeRatePPM: 6000, notifyURL: "http://127.0.0.1:1/notify")
        full.status = .refunded
        full.subState = "USERPAYING"
        full.tradeState = "REFUND"
        full.tradeStateDescription = "转入退款"
        full.transactionID = "4200000000202611280000000001"
        full.bankType = "OTHERS"
        full.payerOpenID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
        full.payerTotal = 1249
        full.codeURL = "weixin://wxpay/bizpayurl?pr=abc"
        full.prepayID = "wx28000000000000"
        full.paidAt = Self.instant(1_764_300_010.75)
        full.closedAt = Self.instant(1_764_300_020.375)
        full.closeReason = "EXPIRED"
        full.failureReason = "why"
        full.refundedTotal = 1250
        full.refundCount = 2
        full.alertCodes = "NOTIFICATION_MISMATCH"
        full.alertMessage = "amount 1 fen"
        full.needsQuery = true
        full.updatedAt = Self.instant(1_764_300_030.875)
        full.version = 9
        let empty = OrderRecord(
            merchantID: temporary.merchantID, outTradeNo: "ROWTEST0000002", description: "", total: 1,
            createdAt: Self.instant(1_764_300_040))
        for original in [full, empty] {
            let inserted = try temporary.store.write { db in
                var record = original
                try record.insert(db)
                return record
            }
            let read = try temporary.store.read { db in try OrderRecord.fetchOne(db, key: inserted.id) }
            #expect(read == inserted)
        }
    }

    @Test func anUnknownStatusIsAnErrorNotACrash() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let order = try temporary.makeOrder("ROWTEST0000003")
        try temporary.store.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
            try db.execute(sql: "UPDATE orders SET status = 'LOST' WHERE id = ?", arguments: [order.id])
        }
        #expect(throws: DatabaseError.self) { try temporary.store.read { db in try OrderRecord.fetchOne(db, key: order.id) } }
    }
}
