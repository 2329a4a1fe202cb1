import Foundation

/// The result of applying one fact to an order.
public struct Transition: Sendable, Equatable {
    /// What happened to the order.
    public enum Outcome: Sendable, Equatable {
        /// The order changed (status or fields); write `order`.
        case applied
        /// Nothing new: a repeated or stale fact. Nothing to write.
        case unchanged
        /// An impossible move (e.g. PAID → CLOSED); nothing is written, the reason is for logs and the UI.
        case refused(String)
    }

    /// Status before the fact.
    public var from: OrderStatus
    /// The order after the fact (equal to the input unless `outcome == .applied`).
    public var order: OrderSnapshot
    /// What happened.
    public var outcome: Outcome
    /// Alerts raised by this fact (already added to `order.alerts`).
    public var raisedAlerts: [OrderAlert]

    /// Status after the fact.
    public var to: OrderStatus { order.status }
    /// True when the status itself moved.
    public var statusChanged: Bool { from != order.status }
}

/// The one place where order statuses change (DESIGN §4). Pure: no clock, no I/O.
///
/// Rules worth knowing:
/// - PAID and the refund states never become CLOSED or FAILED; such facts are refused (nothing written).
/// - SUCCESS (or REFUND) after a local close or a failure makes the order PAID, because the money moved, and raises
///   `latePayment` / `paidAfterFailure` with `needsQuery`. The close reason and time stay as history.
/// - USERPAYING keeps the order PENDING with the sub-state `customerConfirming`; NOTPAY clears it.
/// - Stale facts about unpaid orders (NOTPAY after CLOSED, a second close) are `unchanged`.
/// - Refund facts carry their `out_refund_no`, so a repeated refund fact changes nothing; the refund status of the
///   order is derived from its refunds: any PROCESSING/ABNORMAL → REFUNDING, else all refunded → REFUNDED,
///   some → PARTIALLY_REFUNDED, none → PAID.
/// - Applying the same fact twice gives `unchanged` the second time.
public enum OrderStateMachine {
    /// WeChat Pay allows at most 50 refunds per order.
    public static let maximumRefundCount = 50

    /// Applies `fact` to `order` observed at `now` (used for paid/closed times when the fact carries none).
    public static func apply(_ fact: OrderFact, to order: OrderSnapshot, at now: Date) -> Transition {
        var draft = Draft(order: order)
        switch fact {
        case .prepayOK(let codeURL, let prepayID):
            applyPrepayOK(codeURL: codeURL, prepayID: prepayID, to: &draft)
        case .prepayFailed(let reason):
            applyPrepayFailed(reason: reason, to: &draft)
        case .observedTradeState(let observation):
            applyObservation(observation, to: &draft, now: now)
        case .queriedTradeState(let observation):
            applyObservation(observation, to: &draft, now: now)
            // The query a late payment or an outside refund asked for has just been made: this is its answer.
            draft.order.needsQuery = false
        case .localClose(let reason):
            applyLocalClose(reason: reason, to: &draft, now: now)
        case .refundRequested(let refund):
            applyRefund(refund, reaching: .processing, to: &draft)
        case .refundSucceeded(let refund):
            applyRefund(refund, reaching: .success, to: &draft)
        case .refundClosed(let refund):
            applyRefund(refund, reaching: .closed, to: &draft)
        case .refundAbnormal(let refund):
            applyRefund(refund, reaching: .abnormal, to: &draft)
        }
        return draft.transition(from: order)
    }

    // MARK: - Prepay and local actions

    private static func applyPrepayOK(codeURL: String?, prepayID: String?, to draft: inout Draft) {
        switch draft.order.status {
        case .created, .pending:
            draft.order.status = .pending
            if let codeURL { draft.order.codeURL = codeURL }
            if let prepayID { draft.order.prepayID = prepayID }
        default:
            draft.refuse("prepay answer for an order that is already \(draft.order.status.rawValue)")
        }
    }

    private static func applyPrepayFailed(reason: String, to draft: inout Draft) {
        switch draft.order.status {
        case .created:
            draft.order.status = .failed
            draft.order.failureReason = reason
        case .pending, .failed:
            break  // An earlier prepay succeeded (its QR stays valid), or the failure is already recorded.
        default:
            draft.refuse("prepay failure for an order that is already \(draft.order.status.rawValue)")
        }
    }

    private static func applyLocalClose(reason: CloseReason, to draft: inout Draft, now: Date) {
        switch draft.order.status {
        case .created, .pending:
            draft.order.status = .closed
            draft.order.closeReason = reason
            draft.order.closedAt = now
            draft.order.subState = nil
        case .closed, .failed:
            break
        case .paid, .refunding, .partiallyRefunded, .refunded:
            draft.refuse("a paid order is never closed")
        }
    }

    // MARK: - Observed trade state

    private static func applyObservation(_ observation: TradeObservation, to draft: inout Draft, now: Date) {
        let status = draft.order.status
        switch observation.tradeState {
        case "SUCCESS", "REFUND":
            applyPayment(observation, to: &draft, now: now)
        case "NOTPAY", "USERPAYING":
            if status.isPaid {
                draft.refuse("\(observation.tradeState) for an order that is already \(status.rawValue)")
            } else if status.isAwaitingPayment {
                draft.order.status = .pending
                draft.order.subState = observation.tradeState == "USERPAYING" ? .customerConfirming : nil
                draft.recordTradeState(observation)
            }
        case "PAYERROR":
            if status.isPaid {
                draft.refuse("PAYERROR for an order that is already \(status.rawValue)")
            } else if status.isAwaitingPayment {
                draft.order.status = .failed
                draft.order.subState = nil
                draft.order.failureReason = observation.tradeStateDescription ?? "PAYERROR"
                draft.recordTradeState(observation)
            }
        case "CLOSED", "REVOKED":
            if status.isPaid {
                draft.refuse("a paid order is never closed (WeChat Pay said \(observation.tradeState))")
            } else if status.isAwaitingPayment {
                draft.order.status = .closed
                draft.order.subState = nil
                draft.order.closeReason = observation.tradeState == "REVOKED" ? .revoked : .remoteClosed
                draft.order.closedAt = now
                draft.recordTradeState(observation)
            }
        default:
            draft.refuse("unknown trade_state \(observation.tradeState)")
        }
    }

    /// SUCCESS or REFUND: the customer's money moved.
    private static func applyPayment(_ observation: TradeObservation, to draft: inout Draft, now: Date) {
        let status = draft.order.status
        if status.isPaid {
            // Fill what was missing and remember REFUND; never go back or move money here.
            draft.fillPaymentFields(observation)
            if observation.tradeState == "REFUND" { draft.recordTradeState(observation) }
            return
        }
        draft.order.status = .paid
        draft.order.subState = nil
        draft.order.paidAt = observation.successTime ?? now
        draft.fillPaymentFields(observation)
        draft.recordTradeState(observation)
        if status == .closed {
            draft.raise(.latePayment)
            draft.order.needsQuery = true
        } else if status == .failed {
            draft.raise(.paidAfterFailure)
            draft.order.needsQuery = true
        }
        if observation.tradeState == "REFUND" {
            draft.raise(.refundOutsidePayDesk)
            draft.order.needsQuery = true
        }
    }

    // MARK: - Refunds

    private static func applyRefund(_ refund: RefundFact, reaching target: RefundState, to draft: inout Draft) {
        guard draft.order.status.isPaid else {
            draft.refuse("refund for an order that is \(draft.order.status.rawValue)")
            return
        }
        guard refund.amount > 0 else {
            draft.refuse("refund amount must be positive")
            return
        }
        if let index = draft.order.refunds.firstIndex(where: { $0.outRefundNo == refund.outRefundNo }) {
            let current = draft.order.refunds[index]
            guard current.amount == refund.amount else {
                draft.refuse("refund \(refund.outRefundNo) is \(current.amount) fen, not \(refund.amount)")
                return
            }
            if draft.order.refunds[index].refundID == nil, let refundID = refund.refundID {
                draft.order.refunds[index].refundID = refundID
            }
            if current.status == target || target == .processing { return draft.settleRefundStatus() }
            guard current.status == .processing || current.status == .abnormal else {
                draft.refuse("refund \(refund.outRefundNo) is already \(current.status.rawValue)")
                return
            }
            draft.order.refunds[index].status = target
        } else {
            if target.holdsMoney && refund.amount > draft.order.refundableRemainder {
                draft.refuse(
                    "refund of \(refund.amount) fen is above the refundable \(draft.order.refundableRemainder) fen")
                return
            }
            if target.holdsMoney && draft.order.refundCount >= maximumRefundCount {
                draft.refuse("an order takes at most \(maximumRefundCount) refunds")
                return
            }
            draft.order.refunds.append(
                RefundEntry(outRefundNo: refund.outRefundNo, amount: refund.amount, status: target, refundID: refund.refundID))
        }
        if target == .abnormal { draft.raise(.refundAbnormal) }
        draft.settleRefundStatus()
    }
}

/// A working copy of the order while one fact is applied.
private struct Draft {
    var order: OrderSnapshot
    var refusal: String?
    var raised: [OrderAlert] = []

    init(order: OrderSnapshot) { self.order = order }

    mutating func refuse(_ reason: String) { refusal = reason }

    mutating func raise(_ alert: OrderAlert) {
        guard !order.alerts.contains(alert) else { return }
        order.alerts.append(alert)
        raised.append(alert)
    }

    mutating func recordTradeState(_ observation: TradeObservation) {
        order.tradeState = observation.tradeState
        if let description = observation.tradeStateDescription { order.tradeStateDescription = description }
    }

    mutating func fillPaymentFields(_ observation: TradeObservation) {
        if order.transactionID == nil { order.transactionID = observation.transactionID }
        if order.payerTotal == nil { order.payerTotal = observation.payerTotal }
        if order.payerOpenID == nil { order.payerOpenID = observation.payerOpenID }
        if order.paidAt == nil { order.paidAt = observation.successTime }
    }

    /// Derives the refund-related status of a paid order from its refunds.
    mutating func settleRefundStatus() {
        guard order.status.isPaid else { return }
        if order.refundInFlightTotal > 0 {
            order.status = .refunding
        } else if order.refundedTotal >= order.total {
            order.status = .refunded
        } else if order.refundedTotal > 0 {
            order.status = .partiallyRefunded
        } else {
            order.status = .paid
        }
    }

    func transition(from original: OrderSnapshot) -> Transition {
        if let refusal {
            return Transition(from: original.status, order: original, outcome: .refused(refusal), raisedAlerts: [])
        }
        let outcome: Transition.Outcome = order == original ? .unchanged : .applied
        return Transition(from: original.status, order: order, outcome: outcome, raisedAlerts: raised)
    }
}
