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
    @discardableResult
    public func seedDemoOrders(count: Int, merchantID: Int64, now: Date = Date(), seed: UInt64 = 42) throws -> SeedReport {
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
            var random = SplitMix64(seed: seed)
            let feeRate = 6000
            for index in 0..<count {
                let createdAt = now.addingTimeInterval(-Double((count - index) / 2))
                let total = Int(random.next() % 50_000) + 1
                let description = DemoData.descriptions[Int(random.next() % UInt64(DemoData.descriptions.count))]
                let status = DemoData.status(roll: random.next() % 100)
                let outTradeNo = "S\(tag)\(String(index + 1000_000_000))"
                let paid = status.isPaid
                let transactionID: String? = paid ? "42000\(String(1_000_000_000_000 + Int(random.next() % 8_000_000_000_000)))" : nil
                let refunded = status == .refunded ? total : (status == .partiallyRefunded ? total / 2 : 0)
                let closed = status == .closed
                try insertOrder.execute(arguments: [
                    merchantID, outTradeNo, description, total, feeRate,
                    FeeCalculator.fee(total: total, ratePPM: feeRate), status.rawValue,
                    paid ? (refunded > 0 ? "REFUND" : "SUCCESS") : (closed ? "CLOSED" : "NOTPAY"), transactionID,
                    paid ? total : nil, createdAt, createdAt.addingTimeInterval(600),
                    paid ? createdAt.addingTimeInterval(20) : nil, closed ? createdAt.addingTimeInterval(600) : nil,
                    closed ? CloseReason.expired.rawValue : nil, refunded, refunded > 0 ? 1 : 0, createdAt,
                ])
                try insertSearch.execute(arguments: [
                    db.lastInsertedRowID, SearchText.indexed(outTradeNo), SearchText.indexed(transactionID),
                    SearchText.indexed(description),
                ])
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
