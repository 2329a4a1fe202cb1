/// The answer of `/pay/orderquery`.
public struct V2OrderQueryResult: Sendable, Equatable {
    /// `SUCCESS`, `REFUND`, `NOTPAY`, `CLOSED`, `REVOKED`, `USERPAYING`, `PAYERROR` (kept as sent).
    public var tradeState: String
    public var tradeStateDescription: String?
    public var outTradeNo: String?
    public var transactionID: String?
    /// Order amount in fen (absent for some unpaid states).
    public var totalFee: Int?
    /// Amount the payer actually paid in fen.
    public var cashFee: Int?
    public var openid: String?
    /// Payment time `yyyyMMddHHmmss` in GMT+8.
    public var timeEnd: String?
    public var attach: String?
    /// Every field of the response, for what has no typed property.
    public var fields: [String: String]

    init(_ fields: V2Fields) throws {
        tradeState = try fields.required("trade_state")
        tradeStateDescription = fields.optional("trade_state_desc")
        outTradeNo = fields.optional("out_trade_no")
        transactionID = fields.optional("transaction_id")
        totalFee = try fields.optionalInt("total_fee")
        cashFee = try fields.optionalInt("cash_fee")
        openid = fields.optional("openid")
        timeEnd = fields.optional("time_end")
        attach = fields.optional("attach")
        self.fields = fields.values
    }
}

/// The answer of `/secapi/pay/refund`: the refund was accepted (its outcome comes later).
public struct V2RefundResult: Sendable, Equatable {
    public var outRefundNo: String
    public var refundID: String
    public var outTradeNo: String?
    public var transactionID: String?
    public var refundFee: Int
    public var totalFee: Int?
    public var cashFee: Int?
    public var fields: [String: String]

    init(_ fields: V2Fields) throws {
        outRefundNo = try fields.required("out_refund_no")
        refundID = try fields.required("refund_id")
        outTradeNo = fields.optional("out_trade_no")
        transactionID = fields.optional("transaction_id")
        refundFee = try fields.requiredInt("refund_fee")
        totalFee = try fields.optionalInt("total_fee")
        cashFee = try fields.optionalInt("cash_fee")
        self.fields = fields.values
    }
}

/// One refund (`…_$n` fields) in a `/pay/refundquery` answer.
public struct V2RefundQueryItem: Sendable, Equatable {
    public var outRefundNo: String
    public var refundID: String?
    public var refundFee: Int
    /// `SUCCESS`, `REFUNDCLOSE`, `PROCESSING`, `CHANGE` (kept as sent).
    public var refundStatus: String
    /// `yyyy-MM-dd HH:mm:ss` in GMT+8, when the refund succeeded.
    public var successTime: String?
    /// Where the money went (the v2 field is spelled `refund_recv_accout`).
    public var refundReceiveAccount: String?
}

/// The answer of `/pay/refundquery`.
public struct V2RefundQueryResult: Sendable, Equatable {
    public var outTradeNo: String?
    public var transactionID: String?
    public var totalFee: Int?
    public var cashFee: Int?
    /// The refunds in the order `_0`, `_1`, … the platform numbered them.
    public var refunds: [V2RefundQueryItem]
    public var fields: [String: String]

    init(_ fields: V2Fields) throws {
        outTradeNo = fields.optional("out_trade_no")
        transactionID = fields.optional("transaction_id")
        totalFee = try fields.optionalInt("total_fee")
        cashFee = try fields.optionalInt("cash_fee")
        // refund_count bounds the list; a response without it is read until the numbering stops.
        let count = try fields.optionalInt("refund_count")
        var refunds: [V2RefundQueryItem] = []
        var index = 0
        while count.map({ index < $0 }) ?? (fields.optional("out_refund_no_\(index)") != nil), index < 100 {
            refunds.append(V2RefundQueryItem(
                outRefundNo: try fields.required("out_refund_no_\(index)"),
                refundID: fields.optional("refund_id_\(index)"),
                refundFee: try fields.requiredInt("refund_fee_\(index)"),
                refundStatus: try fields.required("refund_status_\(index)"),
                successTime: fields.optional("refund_success_time_\(index)"),
                refundReceiveAccount: fields.optional("refund_recv_accout_\(index)")))
            index += 1
        }
        self.refunds = refunds
        self.fields = fields.values
    }
}
