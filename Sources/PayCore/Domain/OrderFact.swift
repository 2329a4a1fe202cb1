import Foundation

/// What WeChat Pay said about a payment, from a query answer or a notification.
public struct TradeObservation: Sendable, Equatable {
    /// Raw `trade_state`: SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR (others are kept raw).
    public var tradeState: String
    /// `trade_state_desc`, if any.
    public var tradeStateDescription: String?
    /// `transaction_id`, present once paid.
    public var transactionID: String?
    /// `amount.payer_total`: what the customer paid after coupons.
    public var payerTotal: Int?
    /// `payer.openid`.
    public var payerOpenID: String?
    /// `success_time`.
    public var successTime: Date?

    /// Creates an observation.
    public init(
        tradeState: String, tradeStateDescription: String? = nil, transactionID: String? = nil,
        payerTotal: Int? = nil, payerOpenID: String? = nil, successTime: Date? = nil
    ) {
        self.tradeState = tradeState
        self.tradeStateDescription = tradeStateDescription
        self.transactionID = transactionID
        self.payerTotal = payerTotal
        self.payerOpenID = payerOpenID
        self.successTime = successTime
    }
}

/// One refund as a fact: its number and amount, and the platform's id when known.
public struct RefundFact: Sendable, Equatable {
    /// `out_refund_no`.
    public var outRefundNo: String
    /// Refund amount in fen.
    public var amount: Int
    /// WeChat Pay's `refund_id`, once known.
    public var refundID: String?

    /// Creates a refund fact.
    public init(outRefundNo: String, amount: Int, refundID: String? = nil) {
        self.outRefundNo = outRefundNo
        self.amount = amount
        self.refundID = refundID
    }
}

/// Something observed about an order: the only input of `OrderStateMachine.apply`.
public enum OrderFact: Sendable, Equatable {
    /// The prepay call succeeded.
    case prepayOK(codeURL: String?, prepayID: String?)
    /// The prepay call was refused (reason for the user).
    case prepayFailed(reason: String)
    /// A payment notification (or anything else WeChat Pay volunteered about the payment).
    case observedTradeState(TradeObservation)
    /// WeChat Pay's answer to PayDesk's own query: applied as an observation, and it settles what asked for a
    /// query, so `needs_query` is cleared (alerts stay until the merchant acts on them).
    case queriedTradeState(TradeObservation)
    /// PayDesk closed the order itself (close API called or about to be).
    case localClose(reason: CloseReason)
    /// A refund was accepted by WeChat Pay (status PROCESSING).
    case refundRequested(RefundFact)
    /// A refund reached SUCCESS.
    case refundSucceeded(RefundFact)
    /// A refund was CLOSED: the money stays with the merchant.
    case refundClosed(RefundFact)
    /// A refund went ABNORMAL: the money is held until an abnormal-refund request.
    case refundAbnormal(RefundFact)
}
