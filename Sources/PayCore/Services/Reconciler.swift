import Foundation
import GRDB
import WeChatPay

/// Downloads the trade bill of a day and compares it with the local orders and refunds of that day.
public struct Reconciler: Sendable {
    let context: CoreContext

    /// The plain bill file of `date` (`yyyy-MM-dd`); `type` is ALL, SUCCESS or REFUND.
    public func downloadBill(
        date: String, type: String = "ALL", progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) async throws(PayCoreError) -> Data {
        guard Self.dayRange(date) != nil else { throw .invalidInput("the date must be yyyy-MM-dd") }
        return try await context.gateway.tradeBill(date: date, type: type, progress: progress)
    }

    /// Downloads, parses and compares the bill of `date` with PayDesk's orders paid and refunds settled that day
    /// (China time).
    public func reconcile(
        date: String, progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) async throws(PayCoreError) -> ReconciliationReport {
        let data = try await downloadBill(date: date, type: "ALL", progress: progress)
        let bill: TradeBill
        do {
            bill = try TradeBill.parse(data)
        } catch {
            throw .unavailable("cannot parse the trade bill: \(error)")
        }
        return try compare(bill: bill, date: date)
    }

    /// Compares a parsed bill with the store (pure apart from reading the store).
    func compare(bill: TradeBill, date: String) throws(PayCoreError) -> ReconciliationReport {
        guard let (start, end) = Self.dayRange(date) else { throw .invalidInput("the date must be yyyy-MM-dd") }
        // Only this merchant's rows: one database may hold several merchants (sandbox and production).
        let merchantID = context.merchantID
        let (orders, refunds) = try context.storage {
            try context.store.read { db in
                let orders = try OrderRecord.filter(
                    Column("merchant_id") == merchantID && Column("paid_at") >= start && Column("paid_at") < end
                ).fetchAll(db)
                let refunds = try RefundRecord.filter(Column("succeeded_at") >= start && Column("succeeded_at") < end)
                    .filter(sql: "order_id IN (SELECT id FROM orders WHERE merchant_id = ?)", arguments: [merchantID])
                    .fetchAll(db)
                return (orders, refunds)
            }
        }
        var report = ReconciliationReport(date: date, missingLocally: [], missingRemotely: [], mismatched: [], matched: 0)
        var localPayments = Dictionary(orders.map { ($0.outTradeNo, $0) }, uniquingKeysWith: { first, _ in first })
        var localRefunds = Dictionary(refunds.map { ($0.outRefundNo, $0) }, uniquingKeysWith: { first, _ in first })
        for row in bill.rows {
            if Self.isRefundRow(row) {
                compareRefund(row, local: localRefunds.removeValue(forKey: row.outRefundNo), into: &report)
            } else if row.tradeState == "SUCCESS" {
                var local = localPayments.removeValue(forKey: row.outTradeNo)
                if local == nil { local = try context.storage { try context.store.order(outTradeNo: row.outTradeNo) } }
                comparePayment(row, local: local, into: &report)
            }
        }
        for order in localPayments.values.sorted(by: { $0.outTradeNo < $1.outTradeNo }) {
            report.missingRemotely.append(
                .init(kind: "payment", outTradeNo: order.outTradeNo, localAmount: order.total,
                      localStatus: order.status.rawValue, note: "paid in PayDesk, not in the bill"))
        }
        for refund in localRefunds.values.sorted(by: { $0.outRefundNo < $1.outRefundNo }) {
            let outTradeNo = (try? context.store.read { db in try OrderRecord.fetchOne(db, key: refund.orderID) })??.outTradeNo ?? ""
            report.missingRemotely.append(
                .init(kind: "refund", outTradeNo: outTradeNo, outRefundNo: refund.outRefundNo, localAmount: refund.amount,
                      localStatus: refund.status.rawValue, note: "refunded in PayDesk, not in the bill"))
        }
        return report
    }

    private func comparePayment(_ row: TradeBillRow, local: OrderRecord?, into report: inout ReconciliationReport) {
        let amount = row.orderAmount > 0 ? row.orderAmount : row.settlementTotal
        guard let local, local.status.isPaid else {
            report.missingLocally.append(
                .init(kind: "payment", outTradeNo: row.outTradeNo, localAmount: local?.total, billAmount: amount,
                      localStatus: local?.status.rawValue, billState: row.tradeState,
                      note: local == nil ? "in the bill, unknown to PayDesk" : "paid in the bill, not in PayDesk"))
            return
        }
        guard local.total == amount else {
            report.mismatched.append(
                .init(kind: "payment", outTradeNo: row.outTradeNo, localAmount: local.total, billAmount: amount,
                      localStatus: local.status.rawValue, billState: row.tradeState, note: "amounts differ"))
            return
        }
        report.matched += 1
    }

    private func compareRefund(_ row: TradeBillRow, local: RefundRecord?, into report: inout ReconciliationReport) {
        let localRecord = local ?? (try? context.store.refund(outRefundNo: row.outRefundNo)) ?? nil
        guard let refund = localRecord, refund.status == .success else {
            report.missingLocally.append(
                .init(kind: "refund", outTradeNo: row.outTradeNo, outRefundNo: row.outRefundNo,
                      localAmount: localRecord?.amount, billAmount: row.refundAmount,
                      localStatus: localRecord?.status.rawValue, billState: row.refundStatus,
                      note: localRecord == nil ? "refund unknown to PayDesk" : "refunded in the bill, not in PayDesk"))
            return
        }
        guard refund.amount == row.refundAmount else {
            report.mismatched.append(
                .init(kind: "refund", outTradeNo: row.outTradeNo, outRefundNo: row.outRefundNo, localAmount: refund.amount,
                      billAmount: row.refundAmount, localStatus: refund.status.rawValue, billState: row.refundStatus,
                      note: "amounts differ"))
            return
        }
        report.matched += 1
    }

    /// Refund rows have trade state REFUND; payment rows carry `0` (or nothing) in the refund number columns,
    /// as WeChat Pay writes them, so a non-empty refund number alone does not make a refund.
    static func isRefundRow(_ row: TradeBillRow) -> Bool {
        row.tradeState == "REFUND" || !(row.outRefundNo.isEmpty || row.outRefundNo == "0")
    }

    /// The UTC instants bounding the China-time day `yyyy-MM-dd`.
    static func dayRange(_ date: String) -> (Date, Date)? {
        guard date.count == 10, let start = WeChatPayTime.parse(date + "T00:00:00+08:00") else { return nil }
        return (start, start.addingTimeInterval(86_400))
    }
}
