import Foundation

/// A problem on an order that a person should look at; stored as codes on the order row.
public enum OrderAlert: String, Codable, Sendable, CaseIterable {
    /// SUCCESS arrived after PayDesk closed the order: the money moved, refund or keep it.
    case latePayment = "LATE_PAYMENT"
    /// SUCCESS arrived after the order was marked FAILED.
    case paidAfterFailure = "PAID_AFTER_FAILURE"
    /// WeChat Pay reports a refund PayDesk did not start.
    case refundOutsidePayDesk = "REFUND_OUTSIDE_PAYDESK"
    /// A refund went ABNORMAL: the customer's account refused it; an abnormal-refund request is needed.
    case refundAbnormal = "REFUND_ABNORMAL"
    /// A notification named another merchant or app, or another amount, than the order: it was rejected.
    case notificationMismatch = "NOTIFICATION_MISMATCH"

    /// A one-line explanation for the merchant.
    public var message: String {
        switch self {
        case .latePayment: return "Paid after the order was closed: check the payment and refund it if needed"
        case .paidAfterFailure: return "Paid after the order was marked failed: check the payment"
        case .refundOutsidePayDesk: return "A refund was started outside PayDesk: query the refunds"
        case .refundAbnormal: return "A refund is ABNORMAL: apply for an abnormal refund to a bank card"
        case .notificationMismatch: return "A notification did not match the order (amount or merchant): query the order"
        }
    }
}

/// One refund as the state machine sees it.
public struct RefundEntry: Sendable, Equatable, Codable {
    /// `out_refund_no`.
    public var outRefundNo: String
    /// Amount in fen.
    public var amount: Int
    /// Current status.
    public var status: RefundState
    /// WeChat Pay's `refund_id`, once known.
    public var refundID: String?

    /// Creates an entry.
    public init(outRefundNo: String, amount: Int, status: RefundState, refundID: String? = nil) {
        self.outRefundNo = outRefundNo
        self.amount = amount
        self.status = status
        self.refundID = refundID
    }
}

/// The fields of an order that the state machine reads and writes, with the order's refunds.
public struct OrderSnapshot: Sendable, Equatable {
    /// Merchant order number.
    public var outTradeNo: String
    /// Current status.
    public var status: OrderStatus
    /// Order amount in fen.
    public var total: Int
    /// Raw `trade_state` last reported by WeChat Pay.
    public var tradeState: String?
    /// Last `trade_state_desc`.
    public var tradeStateDescription: String?
    /// Finer state inside PENDING.
    public var subState: PendingSubState?
    /// WeChat Pay transaction id, once paid.
    public var transactionID: String?
    /// Payer's openid.
    public var payerOpenID: String?
    /// What the payer paid in fen.
    public var payerTotal: Int?
    /// Native QR content.
    public var codeURL: String?
    /// Prepay id (JSAPI/APP).
    public var prepayID: String?
    /// Payment instant.
    public var paidAt: Date?
    /// Close instant.
    public var closedAt: Date?
    /// Why the order was closed.
    public var closeReason: CloseReason?
    /// Why the order failed.
    public var failureReason: String?
    /// Open alerts, in the order they were raised, without repeats.
    public var alerts: [OrderAlert]
    /// A query should be made soon to learn what happened (late payment, outside refund).
    public var needsQuery: Bool
    /// All refunds of the order (at most 50 by WeChat Pay's rules).
    public var refunds: [RefundEntry]

    /// Creates a snapshot; a new order starts CREATED with nothing else known.
    public init(
        outTradeNo: String, status: OrderStatus = .created, total: Int, tradeState: String? = nil,
        tradeStateDescription: String? = nil, subState: PendingSubState? = nil, transactionID: String? = nil,
        payerOpenID: String? = nil, payerTotal: Int? = nil, codeURL: String? = nil, prepayID: String? = nil,
        paidAt: Date? = nil, closedAt: Date? = nil, closeReason: CloseReason? = nil, failureReason: String? = nil,
        alerts: [OrderAlert] = [], needsQuery: Bool = false, refunds: [RefundEntry] = []
    ) {
        self.outTradeNo = outTradeNo
        self.status = status
        self.total = total
        self.tradeState = tradeState
        self.tradeStateDescription = tradeStateDescription
        self.subState = subState
        self.transactionID = transactionID
        self.payerOpenID = payerOpenID
        self.payerTotal = payerTotal
        self.codeURL = codeURL
        self.prepayID = prepayID
        self.paidAt = paidAt
        self.closedAt = closedAt
        self.closeReason = closeReason
        self.failureReason = failureReason
        self.alerts = alerts
        self.needsQuery = needsQuery
        self.refunds = refunds
    }

    /// Sum of SUCCESS refunds.
    public var refundedTotal: Int { refunds.filter { $0.status == .success }.reduce(0) { $0 + $1.amount } }

    /// Sum of refunds still under way (PROCESSING or ABNORMAL): committed but not yet returned.
    public var refundInFlightTotal: Int {
        refunds.filter { $0.status == .processing || $0.status == .abnormal }.reduce(0) { $0 + $1.amount }
    }

    /// What can still be refunded: total minus successful and in-flight refunds; 0 unless paid.
    public var refundableRemainder: Int {
        guard status.isPaid else { return 0 }
        return max(0, total - refundedTotal - refundInFlightTotal)
    }

    /// Number of refunds that were not closed (WeChat Pay allows 50 per order).
    public var refundCount: Int { refunds.filter { $0.status != .closed }.count }
}
