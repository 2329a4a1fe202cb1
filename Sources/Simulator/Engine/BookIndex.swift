import Foundation

/// What the engine looks up without scanning its book: orders by `code_url` and `transaction_id`, refunds by
/// order and by `refund_id`, and the sweep's queues of unpaid orders by expiry and refunds by auto-settle time.
///
/// `PlatformEngine.persist` keeps it in step with every record it saves, so a lookup costs the same with ten
/// orders or ten thousand (a scan of the book per call had made prepay and the sweep slow down as orders grew).
struct BookIndex: Sendable {
    private(set) var orderByCodeURL: [String: String] = [:]
    private(set) var orderByTransactionID: [String: String] = [:]
    private var refundNumbersByOrder: [String: [String]] = [:]
    private(set) var refundNumberByRefundID: [String: String] = [:]
    /// Unpaid orders by `time_expire`.
    var expiries = DueQueue()
    /// PROCESSING refunds by `settleAt`.
    var settlements = DueQueue()

    /// Records `order`, which replaces `old` (nil for a new order).
    mutating func update(from old: SimOrder?, to order: SimOrder) {
        if old?.codeURL != order.codeURL {
            if let url = old?.codeURL, orderByCodeURL[url] == order.outTradeNo { orderByCodeURL[url] = nil }
            if let url = order.codeURL { orderByCodeURL[url] = order.outTradeNo }
        }
        if old?.transactionID != order.transactionID {
            if let id = old?.transactionID, orderByTransactionID[id] == order.outTradeNo { orderByTransactionID[id] = nil }
            if let id = order.transactionID { orderByTransactionID[id] = order.outTradeNo }
        }
        let wasQueued = old.map { $0.awaitsPayment && $0.timeExpire == order.timeExpire } ?? false
        if order.awaitsPayment, !wasQueued { expiries.push(order.outTradeNo, due: order.timeExpire) }
    }

    /// Records `refund`, which replaces `old` (nil for a new refund).
    mutating func update(from old: SimRefund?, to refund: SimRefund) {
        if old == nil { refundNumbersByOrder[refund.outTradeNo, default: []].append(refund.outRefundNo) }
        if old?.refundID != refund.refundID {
            if let id = old?.refundID, refundNumberByRefundID[id] == refund.outRefundNo { refundNumberByRefundID[id] = nil }
            refundNumberByRefundID[refund.refundID] = refund.outRefundNo
        }
        let wasQueued = old.map { $0.status == "PROCESSING" && $0.settleAt == refund.settleAt } ?? false
        if refund.status == "PROCESSING", let settleAt = refund.settleAt, !wasQueued {
            settlements.push(refund.outRefundNo, due: settleAt)
        }
    }

    /// The `out_refund_no` of every refund of `outTradeNo`, in creation order.
    func refundNumbers(ofOrder outTradeNo: String) -> [String] { refundNumbersByOrder[outTradeNo] ?? [] }
}
