import Foundation
import GRDB
import WeChatPay

/// A refund checked locally, before anything is sent.
public struct RefundPlan: Sendable, Equatable {
    public var outTradeNo: String
    /// What will be refunded, in fen.
    public var amount: Int
    /// What is refundable now (before this refund).
    public var remainder: Int
    /// The order total.
    public var total: Int
    public var reason: String?
}

/// Full, partial and repeated refunds, idempotent on out_refund_no, refused locally when impossible.
public actor RefundService {
    let context: CoreContext

    init(context: CoreContext) { self.context = context }

    /// Checks a refund without calling anyone: the order is paid and `amount` (the whole remainder when nil)
    /// fits in what is left to refund.
    public func plan(outTradeNo: String, amount: Int?, reason: String?) throws(PayCoreError) -> RefundPlan {
        let order = try context.order(outTradeNo)
        guard [.paid, .partiallyRefunded, .refunding].contains(order.status) else {
            throw .orderNotRefundable(status: order.status)
        }
        let remainder = try context.storage { try context.store.refundableRemainder(outTradeNo: outTradeNo) }
        let requested = amount ?? remainder
        guard requested > 0 else {
            if remainder == 0 { throw .refundExceedsRemainder(requested: amount ?? 0, remainder: 0) }
            throw .invalidInput("the refund amount must be at least 0.01")
        }
        guard requested <= remainder else { throw .refundExceedsRemainder(requested: requested, remainder: remainder) }
        if let reason, reason.utf8.count > 80 { throw .invalidInput("the refund reason exceeds 80 bytes") }
        return RefundPlan(outTradeNo: outTradeNo, amount: requested, remainder: remainder, total: order.total, reason: reason)
    }

    /// Requests a refund: recorded (order REFUNDING) before the call, then sent; the same `outRefundNo` twice
    /// returns the first refund.
    public func create(
        outTradeNo: String, amount: Int?, reason: String?, outRefundNo: String?
    ) async throws(PayCoreError) -> RefundRecord {
        if let outRefundNo {
            do {
                try OutRefundNo.validate(outRefundNo)
            } catch {
                throw .invalidInput("out_refund_no: \(error.message)")
            }
            if let existing = try context.storage({ try context.store.refund(outRefundNo: outRefundNo) }) {
                let order = try context.order(outTradeNo)
                guard existing.orderID == order.id, amount == nil || amount == existing.amount else {
                    throw .idempotencyConflict("refund \(outRefundNo) exists with other parameters")
                }
                return existing
            }
        }
        let plan = try plan(outTradeNo: outTradeNo, amount: amount, reason: reason)
        let order = try context.order(outTradeNo)
        guard let orderID = order.id else { throw .orderNotFound(outTradeNo) }
        let now = context.now()
        let number = outRefundNo ?? OutRefundNo.generate(now: now)
        let record = RefundRecord(orderID: orderID, outRefundNo: number, amount: plan.amount, reason: reason, createdAt: now)
        do {
            try context.store.requestRefund(outTradeNo: outTradeNo, refund: record, now: now)
        } catch StoreError.refused(let why) {
            throw .invalidInput(why)
        } catch {
            throw PayCoreError.wrap(error)
        }
        if let updated = try? context.store.order(outTradeNo: outTradeNo) { context.events.publish(.orderUpdated(updated)) }
        let answer: GatewayRefund
        do {
            answer = try await context.gateway.refund(
                outTradeNo: outTradeNo, outRefundNo: number, total: order.total, amount: plan.amount, reason: reason,
                notifyURL: order.notifyURL)
        } catch let error where error.isPlatformRefusal {
            // Refused by WeChat Pay: nothing moved; close the local refund so the amount is refundable again.
            _ = try? context.apply(.refundClosed(RefundFact(outRefundNo: number, amount: plan.amount)), to: outTradeNo)
            throw error
        } catch {
            // Unknown outcome (timeout, 5xx, SYSTEM_ERROR): the refund stays PROCESSING; `resolve` settles it.
            context.logger.warning("refund \(number) outcome unknown: \(error)")
            return try refundRecord(number)
        }
        return try absorb(answer, source: .create)
    }

    /// Settles a refund PayDesk still holds as PROCESSING or ABNORMAL (the sync sweep): queried; when WeChat Pay
    /// has never heard of it (the request was lost), the same request is sent again with the same out_refund_no
    /// and identical parameters, which WeChat Pay deduplicates, so the money moves at most once.
    /// `resent` tells whether the request was sent again.
    func resolve(outRefundNo: String) async throws(PayCoreError) -> (refund: RefundRecord, resent: Bool) {
        let refund = try refundRecord(outRefundNo)
        do {
            return (try absorb(try await context.gateway.queryRefund(outRefundNo: outRefundNo), source: .query), false)
        } catch let error where Self.isRefundNotExist(error) {
            guard refund.status == .processing else { throw error }
        }
        let order = try context.storage {
            try context.store.read { db in try OrderRecord.fetchOne(db, key: refund.orderID) }
        }
        guard let order else { throw .orderNotFound("of refund \(outRefundNo)") }
        do {
            let answer = try await context.gateway.refund(
                outTradeNo: order.outTradeNo, outRefundNo: outRefundNo, total: order.total, amount: refund.amount,
                reason: refund.reason, notifyURL: order.notifyURL)
            return (try absorb(answer, source: .create), true)
        } catch let error where error.isPlatformRefusal {
            _ = try? context.apply(.refundClosed(RefundFact(outRefundNo: outRefundNo, amount: refund.amount)), to: order.outTradeNo)
            throw error
        }
    }

    /// WeChat Pay does not know the refund: v3 `RESOURCE_NOT_EXISTS`, v2 `REFUNDNOTEXIST`.
    static func isRefundNotExist(_ error: PayCoreError) -> Bool {
        switch error {
        case .refundNotFound: return true
        case .platform(let code, _, _):
            return ["RESOURCENOTEXISTS", "REFUNDNOTEXIST"].contains(CheckoutService.normalized(code))
        default: return false
        }
    }

    /// Asks WeChat Pay about the refund now and applies the answer.
    public func query(outRefundNo: String) async throws(PayCoreError) -> RefundRecord {
        _ = try refundRecord(outRefundNo)
        let answer = try await context.gateway.queryRefund(outRefundNo: outRefundNo)
        return try absorb(answer, source: .query)
    }

    /// Refunds still PROCESSING, queried once each (after a restart or by the reconciler).
    public func settlePending() async -> Int {
        let pending = (try? context.store.read { db in
            try RefundRecord.filter(sql: "status = 'PROCESSING'").fetchAll(db)
        }) ?? []
        var settled = 0
        for refund in pending {
            if let updated = try? await query(outRefundNo: refund.outRefundNo), updated.status != .processing { settled += 1 }
        }
        return settled
    }

    private func refundRecord(_ outRefundNo: String) throws(PayCoreError) -> RefundRecord {
        guard let record = try context.storage({ try context.store.refund(outRefundNo: outRefundNo) }) else {
            throw .refundNotFound(outRefundNo)
        }
        return record
    }

    /// Stores the answer's details and applies its status.
    private func absorb(_ answer: GatewayRefund, source: SnapshotRecord.Source) throws(PayCoreError) -> RefundRecord {
        let existing = try refundRecord(answer.outRefundNo)
        var outTradeNo = answer.outTradeNo
        if outTradeNo == nil {
            outTradeNo = try context.storage {
                try context.store.read { db in try OrderRecord.fetchOne(db, key: existing.orderID) }
            }?.outTradeNo
        }
        guard let outTradeNo else { throw .orderNotFound("of refund \(answer.outRefundNo)") }
        context.snapshot(.refund, source, json: answer.json, outTradeNo: outTradeNo, outRefundNo: answer.outRefundNo)
        try context.applyRefund(answer, outTradeNo: outTradeNo, amount: existing.amount)
        return try refundRecord(answer.outRefundNo)
    }
}

extension CoreContext {
    /// Records refund details and applies its status through the state machine (used by queries and notifications).
    func applyRefund(_ answer: GatewayRefund, outTradeNo: String, amount: Int) throws(PayCoreError) {
        var details = RefundRecord(orderID: 0, outRefundNo: answer.outRefundNo, amount: amount, createdAt: now())
        details.refundID = answer.refundID
        details.channel = answer.channel
        details.fundsAccount = answer.fundsAccount
        details.userReceivedAccount = answer.userReceivedAccount
        details.payerRefund = answer.payerRefund
        details.succeededAt = answer.successTime
        try storage { try store.updateRefundDetails(details) }
        guard let fact = Self.refundFact(status: answer.status, outRefundNo: answer.outRefundNo, amount: amount, refundID: answer.refundID)
        else { return }
        apply(fact, outTradeNo: outTradeNo)
        if answer.status == "ABNORMAL" {
            events.publish(
                .alert(
                    outTradeNo: outTradeNo,
                    message: "refund \(answer.outRefundNo) is ABNORMAL: the customer's account refused it; "
                        + "apply for an abnormal refund (bank card or merchant transfer) on the merchant platform"))
        }
    }

    private func apply(_ fact: OrderFact, outTradeNo: String) {
        do {
            try apply(fact, to: outTradeNo)
        } catch {
            logger.warning("cannot apply refund fact to \(outTradeNo): \(error)")
        }
    }

    /// The fact a refund status stands for; nil for PROCESSING (already recorded at request time).
    static func refundFact(status: String, outRefundNo: String, amount: Int, refundID: String?) -> OrderFact? {
        let fact = RefundFact(outRefundNo: outRefundNo, amount: amount, refundID: refundID)
        switch status {
        case "SUCCESS": return .refundSucceeded(fact)
        case "CLOSED": return .refundClosed(fact)
        case "ABNORMAL": return .refundAbnormal(fact)
        case "PROCESSING": return .refundRequested(fact)
        default: return nil
        }
    }
}
