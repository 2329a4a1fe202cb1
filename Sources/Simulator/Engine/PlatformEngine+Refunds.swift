import Foundation

extension PlatformEngine {
    /// Creates a refund (PROCESSING), or returns the same one for an identical re-submission.
    public func createRefund(_ p: RefundParameters) throws -> SimRefund {
        let outRefundNo = try Validation.outRefundNo(p.outRefundNo)
        if let notifyURL = p.notifyURL { _ = try Validation.notifyURL(notifyURL) }
        if let reason = p.reason, reason.count > 80 { throw PlatformError.param("reason is longer than 80 characters") }
        guard let amount = p.refund else { throw PlatformError.param("amount.refund is required") }
        guard amount >= 1 else { throw PlatformError.param("amount.refund must be at least 1 fen, got \(amount)") }
        guard let total = p.total else { throw PlatformError.param("amount.total is required") }
        guard (p.currency ?? "CNY") == "CNY" else { throw PlatformError.param("amount.currency must be CNY") }
        if let existing = refunds[outRefundNo] {
            guard existing.fingerprint == p.fingerprint else {
                throw PlatformError.invalid("out_refund_no \(outRefundNo) was already used with different parameters")
            }
            return existing
        }
        let found: SimOrder?
        if let transactionID = p.transactionID, !transactionID.isEmpty {
            found = index.orderByTransactionID[transactionID].flatMap { orders[$0] }
        } else if let outTradeNo = p.outTradeNo, !outTradeNo.isEmpty {
            found = current(outTradeNo)
        } else {
            throw PlatformError.param("one of transaction_id and out_trade_no is required")
        }
        guard var order = found, p.subMchid == nil || p.subMchid == order.subMchid else {
            throw PlatformError(status: 404, code: "RESOURCE_NOT_EXISTS", message: "the order to refund does not exist")
        }
        guard order.tradeState == "SUCCESS" || order.tradeState == "REFUND", let transactionID = order.transactionID else {
            throw PlatformError.invalid("order \(order.outTradeNo) is \(order.tradeState), only paid orders can be refunded")
        }
        guard total == order.total else {
            throw PlatformError.param("amount.total \(total) does not equal the order total \(order.total)")
        }
        let existing = refunds(ofOrder: order.outTradeNo)
        guard existing.count < settings.maxRefundsPerOrder else {
            throw PlatformError(status: 403, code: "RULE_LIMIT", message: "an order takes at most \(settings.maxRefundsPerOrder) refunds")
        }
        let refundable = order.total - existing.filter { $0.status != "CLOSED" }.reduce(0) { $0 + $1.refund }
        guard amount <= refundable else {
            throw PlatformError(status: 403, code: "NOT_ENOUGH", message: "refund \(amount) exceeds the refundable amount \(refundable)")
        }
        let now = clock()
        let refund = SimRefund(
            refundID: Identifiers.refundID(), outRefundNo: outRefundNo, outTradeNo: order.outTradeNo,
            transactionID: transactionID, generation: p.generation, subMchid: order.subMchid, reason: p.reason,
            notifyURL: p.notifyURL, refund: amount, total: order.total, currency: "CNY", status: "PROCESSING",
            createdAt: now, successTime: nil, settleAt: autoSettleTime(from: now), fingerprint: p.fingerprint,
            abnormalRequests: 0)
        try persist(refund)
        order.tradeState = "REFUND"
        order.tradeStateDesc = TradeStateText.refund
        try persist(order)
        return refund
    }

    private func autoSettleTime(from now: Date) -> Date? {
        settings.autoSettleRefundsAfter.map { now.addingTimeInterval($0 * settings.timeScale) }
    }

    /// Refund query by `out_refund_no`; `subMchid` must match for partner orders when given.
    public func refund(outRefundNo: String, subMchid: String? = nil) throws -> SimRefund {
        guard let refund = refunds[outRefundNo], subMchid == nil || subMchid == refund.subMchid else {
            throw PlatformError.refundNotExist(outRefundNo)
        }
        return refund
    }

    /// Refund query by `refund_id` (v2).
    public func refund(refundID: String) throws -> SimRefund {
        guard let number = index.refundNumberByRefundID[refundID], let refund = refunds[number] else {
            throw PlatformError.refundNotExist(refundID)
        }
        return refund
    }

    /// Settles a PROCESSING refund to SUCCESS, ABNORMAL or CLOSED.
    public func settle(outRefundNo: String, outcome: RefundOutcome) throws -> (SimRefund, [PlatformEvent]) {
        guard var refund = refunds[outRefundNo] else { throw PlatformError.refundNotExist(outRefundNo) }
        guard refund.status == "PROCESSING" else {
            throw PlatformError.invalid("refund \(outRefundNo) is \(refund.status); only PROCESSING refunds can be settled")
        }
        refund.status = outcome.status
        refund.settleAt = nil
        if outcome == .succeed { refund.successTime = clock() }
        try persist(refund)
        guard let order = orders[refund.outTradeNo] else { return (refund, []) }
        return (refund, [.refundSettled(refund, order)])
    }

    /// `apply-abnormal-refund`: an ABNORMAL refund goes back to PROCESSING (to a bank card).
    public func applyAbnormalRefund(refundID: String, outRefundNo: String) throws -> SimRefund {
        guard var refund = refunds[outRefundNo], refund.refundID == refundID else {
            throw PlatformError(status: 404, code: "RESOURCE_NOT_EXISTS", message: "refund \(refundID) / \(outRefundNo) does not exist")
        }
        guard refund.status == "ABNORMAL" else {
            throw PlatformError.invalid("refund \(outRefundNo) is \(refund.status); only ABNORMAL refunds can be re-applied")
        }
        refund.status = "PROCESSING"
        refund.abnormalRequests += 1
        refund.settleAt = autoSettleTime(from: clock())
        try persist(refund)
        return refund
    }

    /// The amount of `order` not yet refunded (closed refunds give their amount back).
    public func refundable(_ outTradeNo: String) -> Int {
        guard let order = orders[outTradeNo] else { return 0 }
        return order.total - refunds(ofOrder: outTradeNo).filter { $0.status != "CLOSED" }.reduce(0) { $0 + $1.refund }
    }
}
