import Foundation
import WeChatPay
import GRDB

/// What `seedDemoOrders` did.
public struct SeedReport: Sendable, Equatable {
    /// Orders inserted.
    public var count: Int
    /// Wall-clock seconds taken.
    public var seconds: Double
}

extension Store {
    /// Inserts `count` demo orders for `merchantID` in one transaction through prepared statements
    /// (orders and their search entries), for benchmarks and the demo console.
    ///
    /// Orders are spread backwards from `now`, two per second (so `created_at` ties are common), with a
    /// repeatable mix of statuses, amounts and English/Chinese descriptions; paid ones get a transaction id.
    /// `progress` is called with the number of orders written so far, every 10,000 orders and at the end.
    @discardableResult
    public func seedDemoOrders(
        count: Int, merchantID: Int64, now: Date = Date(), seed: UInt64 = 42, progress: ((Int) -> Void)? = nil
    ) throws -> SeedReport {
        let started = Date()
        let tag = Nonce.seedTag(seed: seed, now: now)
        try write { db in
            let insertOrder = try db.makeStatement(
                sql: """
                    INSERT INTO orders (merchant_id, out_trade_no, description, trade_type, total, currency, points,
                      fee_rate_ppm, fee, status, trade_state, transaction_id, payer_total, created_at, expires_at,
                      paid_at, closed_at, close_reason, refunded_total, refund_count, alert_codes, needs_query,
                      updated_at, version)
                    VALUES (?, ?, ?, 'NATIVE', ?, 'CNY', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?, 1)
                    """)
            let insertSearch = try db.makeStatement(
                sql: "INSERT INTO order_search(rowid, out_trade_no, transaction_id, description) VALUES (?, ?, ?, ?)")
            let insertRefund = try db.makeStatement(
                sql: """
                    INSERT INTO refunds (order_id, out_refund_no, refund_id, amount, currency, reason, status,
                      created_at, succeeded_at, updated_at)
                    VALUES (?, ?, ?, ?, 'CNY', 'demo', 'SUCCESS', ?, ?, ?)
                    """)
            var random = SplitMix64(seed: seed)
            let feeRate = 6000
            // Whole seconds, so the fast timestamp text matches GRDB's formatter exactly.
            let end = Int64(now.timeIntervalSince1970.rounded(.down))
            for index in 0..<count {
                let created = end - Int64((count - index) / 2)
                let createdAt = StorageTimestamp.text(secondsSince1970: created)
                let total = Int(random.next() % 50_000) + 1
                let description = DemoData.descriptions[Int(random.next() % UInt64(DemoData.descriptions.count))]
                let status = DemoData.status(roll: random.next() % 100)
                let outTradeNo = "S\(tag)\(String(index + 1000_000_000))"
                let paid = status.isPaid
                let transactionID: String? = paid ? "42000\(String(1_000_000_000_000 + Int(random.next() % 8_000_000_000_000)))" : nil
                let refunded = status == .refunded ? total : (status == .partiallyRefunded ? total / 2 : 0)
                let closed = status == .closed
                insertOrder.setUncheckedArguments([
                    merchantID, outTradeNo, description, total, feeRate,
                    FeeCalculator.fee(total: total, ratePPM: feeRate), status.rawValue,
                    paid ? (refunded > 0 ? "REFUND" : "SUCCESS") : (closed ? "CLOSED" : "NOTPAY"), transactionID,
                    paid ? total : nil, createdAt, StorageTimestamp.text(secondsSince1970: created + 600),
                    paid ? StorageTimestamp.text(secondsSince1970: created + 20) : nil,
                    closed ? StorageTimestamp.text(secondsSince1970: created + 600) : nil,
                    closed ? CloseReason.expired.rawValue : nil, refunded, refunded > 0 ? 1 : 0, createdAt,
                ])
                try insertOrder.execute()
                let orderID = db.lastInsertedRowID
                if refunded > 0 {
                    // Refunded demo orders get their refund row, so the state machine sees consistent history.
                    let refundedAt = StorageTimestamp.text(secondsSince1970: created + 3600)
                    insertRefund.setUncheckedArguments([
                        orderID, "R\(outTradeNo)", "50300\(String(orderID))", refunded, refundedAt, refundedAt, refundedAt,
                    ])
                    try insertRefund.execute()
                }
                insertSearch.setUncheckedArguments([
                    orderID, SearchText.indexed(outTradeNo), SearchText.indexed(transactionID),
                    SearchText.indexed(description),
                ])
                try insertSearch.execute()
                if let progress, (index + 1) % 10_000 == 0 || index + 1 == count { progress(index + 1) }
            }
        }
        return SeedReport(count: count, seconds: Date().timeIntervalSince(started))
    }
}

/// Repeatable demo content.
private enum DemoData {
    static let descriptions = [
        "拿铁咖啡 大杯", "美式咖啡", "牛角面包", "抹茶蛋糕", "Green tea latte", "Flat white", "Blueberry muffin",
        "会员充值 100元", "停车费", "Sandwich 三明治", "矿泉水", "Croissant",
    ]

    /// Mostly paid, as a real shop's history is.
    static func status(roll: UInt64) -> OrderStatus {
        switch roll {
        case 0..<70: return .paid
        case 70..<80: return .closed
        case 80..<85: return .refunded
        case 85..<88: return .partiallyRefunded
        case 88..<90: return .failed
        default: return .pending
        }
    }
}

/// A small, fast, repeatable random generator (SplitMix64) for demo data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

extension Nonce {
    /// Six characters that differ between seeding runs, so several seeds can share a database.
    fileprivate static func seedTag(seed: UInt64, now: Date) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var generator = SplitMix64(seed: seed ^ UInt64(now.timeIntervalSince1970 * 1000))
        return String((0..<6).map { _ in alphabet[Int(generator.next() % 36)] })
    }
}
