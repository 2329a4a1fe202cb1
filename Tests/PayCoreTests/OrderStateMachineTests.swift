import Foundation
import PayCore
import Testing

/// Fixtures: one order of 10.00 yuan in each status, and every kind of fact.
private enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let paidAt = now.addingTimeInterval(-600)

    static func order(_ status: OrderStatus) -> OrderSnapshot {
        var order = OrderSnapshot(outTradeNo: "ORDER0001", total: 1000)
        switch status {
        case .created:
            break
        case .pending:
            order.status = .pending
            order.codeURL = "weixin://wxpay/a"
            order.tradeState = "NOTPAY"
        case .closed:
            order.status = .closed
            order.codeURL = "weixin://wxpay/a"
            order.tradeState = "NOTPAY"
            order.closeReason = .expired
            order.closedAt = paidAt
        case .failed:
            order.status = .failed
            order.failureReason = "boom"
        case .paid, .refunding, .partiallyRefunded, .refunded:
            order.status = status
            order.codeURL = "weixin://wxpay/a"
            order.tradeState = status == .paid || status == .refunding ? "SUCCESS" : "REFUND"
            order.transactionID = "4200000001"
            order.payerTotal = 1000
            order.payerOpenID = "openid-1"
            order.paidAt = paidAt
            switch status {
            case .refunding: order.refunds = [RefundEntry(outRefundNo: "R1", amount: 300, status: .processing)]
            case .partiallyRefunded: order.refunds = [RefundEntry(outRefundNo: "R1", amount: 300, status: .success)]
            case .refunded:
                order.refunds = [
                    RefundEntry(outRefundNo: "R0", amount: 700, status: .success),
                    RefundEntry(outRefundNo: "R1", amount: 300, status: .success),
                ]
            default: break
            }
        }
        return order
    }

    static func observed(_ state: String) -> OrderFact {
        .observedTradeState(
            TradeObservation(
                tradeState: state, transactionID: "4200000001", payerTotal: 1000, payerOpenID: "openid-1",
                successTime: state == "SUCCESS" || state == "REFUND" ? paidAt : nil))
    }

    /// Every fact kind, in the column order of `expectations`.
    static let facts: [(name: String, fact: OrderFact)] = [
        ("prepayOK same", .prepayOK(codeURL: "weixin://wxpay/a", prepayID: nil)),
        ("prepayOK new", .prepayOK(codeURL: "weixin://wxpay/b", prepayID: nil)),
        ("prepayFailed", .prepayFailed(reason: "PARAM_ERROR")),
        ("SUCCESS", observed("SUCCESS")),
        ("REFUND", observed("REFUND")),
        ("NOTPAY", observed("NOTPAY")),
        ("USERPAYING", observed("USERPAYING")),
        ("PAYERROR", observed("PAYERROR")),
        ("CLOSED", observed("CLOSED")),
        ("REVOKED", observed("REVOKED")),
        ("unknown state", observed("BOGUS")),
        ("localClose", .localClose(reason: .cancelled)),
        ("refundRequested R2 200", .refundRequested(RefundFact(outRefundNo: "R2", amount: 200))),
        ("refundSucceeded R1 300", .refundSucceeded(RefundFact(outRefundNo: "R1", amount: 300))),
        ("refundSucceeded R2 200", .refundSucceeded(RefundFact(outRefundNo: "R2", amount: 200))),
        ("refundClosed R1 300", .refundClosed(RefundFact(outRefundNo: "R1", amount: 300))),
        ("refundAbnormal R1 300", .refundAbnormal(RefundFact(outRefundNo: "R1", amount: 300))),
        ("refundRequested R2 1200", .refundRequested(RefundFact(outRefundNo: "R2", amount: 1200))),
    ]
}

/// Expected result of one (status, fact) pair: applied → new status, unchanged, or refused.
private enum Expected: Equatable, CustomStringConvertible {
    case applied(OrderStatus)
    case unchanged
    case refused

    var description: String {
        switch self {
        case .applied(let status): return "→ \(status.rawValue)"
        case .unchanged: return "unchanged"
        case .refused: return "refused"
        }
    }
}

private let C = Expected.applied(.created), P = Expected.applied(.pending), D = Expected.applied(.paid)
private let G = Expected.applied(.refunding), H = Expected.applied(.partiallyRefunded)
private let X = Expected.applied(.closed), F = Expected.applied(.failed)
private let u = Expected.unchanged, r = Expected.refused

/// One row per status, one column per fact of `Fixture.facts`.
private let expectations: [OrderStatus: [Expected]] = [
    //           ok= ok+ fail SUCC REFD NOTP USRP PERR CLSD REVK BOGS lclo rq2 ok1 ok2 cl1 ab1 rq2big
    .created:   [P,  P,  F,   D,   D,   P,   P,   F,   X,   X,   r,   X,   r,  r,  r,  r,  r,  r],
    .pending:   [u,  P,  u,   D,   D,   u,   P,   F,   X,   X,   r,   X,   r,  r,  r,  r,  r,  r],
    .paid:      [r,  r,  r,   u,   D,   r,   r,   r,   r,   r,   r,   r,   G,  H,  H,  D,  G,  r],
    .refunding: [r,  r,  r,   u,   G,   r,   r,   r,   r,   r,   r,   r,   G,  H,  G,  D,  G,  r],
    .partiallyRefunded:
                [r,  r,  r,   u,   u,   r,   r,   r,   r,   r,   r,   r,   G,  u,  H,  r,  r,  r],
    .refunded:  [r,  r,  r,   u,   u,   r,   r,   r,   r,   r,   r,   r,   r,  u,  r,  r,  r,  r],
    .closed:    [r,  r,  r,   D,   D,   u,   u,   u,   u,   u,   r,   u,   r,  r,  r,  r,  r,  r],
    .failed:    [r,  r,  u,   D,   D,   u,   u,   u,   u,   u,   r,   u,   r,  r,  r,  r,  r,  r],
]

@Suite struct OrderStateMachineTests {
    @Test func tableCoversEveryStatusAndFact() {
        #expect(Set(expectations.keys) == Set(OrderStatus.allCases))
        for row in expectations.values { #expect(row.count == Fixture.facts.count) }
        _ = C
    }

    @Test(arguments: OrderStatus.allCases)
    func everyFactGivesTheExpectedResult(status: OrderStatus) throws {
        let row = try #require(expectations[status])
        let order = Fixture.order(status)
        for (index, entry) in Fixture.facts.enumerated() {
            let transition = OrderStateMachine.apply(entry.fact, to: order, at: Fixture.now)
            let actual: Expected
            switch transition.outcome {
            case .applied: actual = .applied(transition.to)
            case .unchanged: actual = .unchanged
            case .refused: actual = .refused
            }
            #expect(actual == row[index], "\(status.rawValue) + \(entry.name)")
            #expect(transition.from == status)
            if transition.outcome != .applied {
                #expect(transition.order == order, "\(status.rawValue) + \(entry.name) must not change the order")
            }
        }
    }

    @Test(arguments: OrderStatus.allCases)
    func applyingTheSameFactTwiceChangesNothing(status: OrderStatus) {
        for entry in Fixture.facts {
            let first = OrderStateMachine.apply(entry.fact, to: Fixture.order(status), at: Fixture.now)
            let second = OrderStateMachine.apply(entry.fact, to: first.order, at: Fixture.now.addingTimeInterval(5))
            #expect(second.outcome != .applied, "\(status.rawValue) + \(entry.name) twice")
            #expect(second.order == first.order)
        }
    }

    @Test func successAfterLocalCloseBecomesPaidWithLatePaymentAlert() {
        let transition = OrderStateMachine.apply(Fixture.observed("SUCCESS"), to: Fixture.order(.closed), at: Fixture.now)
        #expect(transition.to == .paid)
        #expect(transition.raisedAlerts == [.latePayment])
        #expect(transition.order.needsQuery)
        #expect(transition.order.transactionID == "4200000001")
        #expect(transition.order.paidAt == Fixture.paidAt)
        #expect(transition.order.closeReason == .expired, "the close stays as history")
    }

    /// A late payment asks for a query; the query's answer settles it (the alert stays), and asking again changes
    /// nothing. A notification never clears the flag.
    @Test func aQueryAnswerClearsNeedsQueryAndANotificationDoesNot() {
        let late = OrderStateMachine.apply(Fixture.observed("SUCCESS"), to: Fixture.order(.closed), at: Fixture.now)
        #expect(late.order.needsQuery)
        let notifiedAgain = OrderStateMachine.apply(Fixture.observed("SUCCESS"), to: late.order, at: Fixture.now)
        #expect(notifiedAgain.order.needsQuery)
        guard case .observedTradeState(let observation) = Fixture.observed("SUCCESS") else { return }
        let queried = OrderStateMachine.apply(.queriedTradeState(observation), to: late.order, at: Fixture.now)
        #expect(queried.outcome == .applied)
        #expect(!queried.order.needsQuery)
        #expect(queried.order.alerts == [.latePayment])
        #expect(queried.to == .paid)
        let queriedAgain = OrderStateMachine.apply(.queriedTradeState(observation), to: queried.order, at: Fixture.now)
        #expect(queriedAgain.outcome == .unchanged)
        // Queried straight after a local close, a payment is still late, and already answered.
        let lateByQuery = OrderStateMachine.apply(.queriedTradeState(observation), to: Fixture.order(.closed), at: Fixture.now)
        #expect(lateByQuery.raisedAlerts == [.latePayment])
        #expect(!lateByQuery.order.needsQuery)
    }

    @Test func paidOrderIsNeverClosed() {
        let transition = OrderStateMachine.apply(.localClose(reason: .expired), to: Fixture.order(.paid), at: Fixture.now)
        #expect(transition.outcome == .refused("a paid order is never closed"))
        #expect(transition.to == .paid)
    }

    @Test func userPayingStaysPendingAsCustomerConfirming() {
        let confirming = OrderStateMachine.apply(Fixture.observed("USERPAYING"), to: Fixture.order(.pending), at: Fixture.now)
        #expect(confirming.to == .pending)
        #expect(confirming.order.subState == .customerConfirming)
        let back = OrderStateMachine.apply(Fixture.observed("NOTPAY"), to: confirming.order, at: Fixture.now)
        #expect(back.order.subState == nil)
        #expect(back.outcome == .applied)
    }

    @Test func payErrorFailsThePendingOrderWithTheDescription() {
        let fact = OrderFact.observedTradeState(TradeObservation(tradeState: "PAYERROR", tradeStateDescription: "余额不足"))
        let transition = OrderStateMachine.apply(fact, to: Fixture.order(.pending), at: Fixture.now)
        #expect(transition.to == .failed)
        #expect(transition.order.failureReason == "余额不足")
    }

    @Test func localCloseRecordsReasonAndTime() {
        let transition = OrderStateMachine.apply(.localClose(reason: .expired), to: Fixture.order(.pending), at: Fixture.now)
        #expect(transition.order.closeReason == .expired)
        #expect(transition.order.closedAt == Fixture.now)
    }

    @Test func refundsMoveThroughRefundingToRefunded() {
        var order = Fixture.order(.paid)
        order = OrderStateMachine.apply(.refundRequested(RefundFact(outRefundNo: "A", amount: 400)), to: order, at: Fixture.now).order
        #expect(order.status == .refunding)
        #expect(order.refundableRemainder == 600)
        order = OrderStateMachine.apply(.refundSucceeded(RefundFact(outRefundNo: "A", amount: 400)), to: order, at: Fixture.now).order
        #expect(order.status == .partiallyRefunded)
        #expect(order.refundedTotal == 400)
        order = OrderStateMachine.apply(.refundRequested(RefundFact(outRefundNo: "B", amount: 600)), to: order, at: Fixture.now).order
        #expect(order.refundableRemainder == 0)
        let over = OrderStateMachine.apply(.refundRequested(RefundFact(outRefundNo: "C", amount: 1)), to: order, at: Fixture.now)
        #expect(over.outcome == .refused("refund of 1 fen is above the refundable 0 fen"))
        order = OrderStateMachine.apply(.refundSucceeded(RefundFact(outRefundNo: "B", amount: 600)), to: order, at: Fixture.now).order
        #expect(order.status == .refunded)
        #expect(order.refundCount == 2)
    }

    @Test func abnormalRefundHoldsMoneyAndRaisesAlert() {
        let transition = OrderStateMachine.apply(
            .refundAbnormal(RefundFact(outRefundNo: "R1", amount: 300)), to: Fixture.order(.refunding), at: Fixture.now)
        #expect(transition.to == .refunding)
        #expect(transition.raisedAlerts == [.refundAbnormal])
        #expect(transition.order.refundableRemainder == 700)
        let settled = OrderStateMachine.apply(
            .refundSucceeded(RefundFact(outRefundNo: "R1", amount: 300)), to: transition.order, at: Fixture.now)
        #expect(settled.to == .partiallyRefunded)
    }

    @Test func closedRefundReturnsTheAmountToTheRemainder() {
        let transition = OrderStateMachine.apply(
            .refundClosed(RefundFact(outRefundNo: "R1", amount: 300)), to: Fixture.order(.refunding), at: Fixture.now)
        #expect(transition.to == .paid)
        #expect(transition.order.refundableRemainder == 1000)
    }

    @Test func refundWithADifferentAmountForAKnownNumberIsRefused() {
        let transition = OrderStateMachine.apply(
            .refundSucceeded(RefundFact(outRefundNo: "R1", amount: 299)), to: Fixture.order(.refunding), at: Fixture.now)
        #expect(transition.outcome == .refused("refund R1 is 300 fen, not 299"))
    }

    @Test func statusLabelsPairGlyphAndWord() {
        #expect(OrderStatus.paid.label == "✓ PAID")
        #expect(OrderStatus.pending.label == "… PENDING")
        #expect(OrderStatus.failed.label == "✗ FAILED")
        #expect(OrderStatus.refunded.label == "↺ REFUNDED")
        #expect(OrderStatus.partiallyRefunded.word == "PARTIALLY REFUNDED")
        #expect(OrderStatus.allCases.map(\.rawValue) == [
            "CREATED", "PENDING", "PAID", "REFUNDING", "PARTIALLY_REFUNDED", "REFUNDED", "CLOSED", "FAILED",
        ])
    }
}
