import Foundation

/// The v3 JSON objects the platform returns and notifies (Transaction, Refund), built from sim records.
enum WireViews {
    /// Transaction object (direct or partner shape); payment fields only once paid.
    static func transaction(_ order: SimOrder) -> [String: Any] {
        var object: [String: Any] = [
            "out_trade_no": order.outTradeNo,
            "trade_type": order.tradeType,
            "trade_state": order.tradeState,
            "trade_state_desc": order.tradeStateDesc,
        ]
        if order.isPartner {
            object["sp_appid"] = order.appid
            object["sp_mchid"] = order.mchid
            object["sub_mchid"] = order.subMchid
            if let subAppid = order.subAppid { object["sub_appid"] = subAppid }
        } else {
            object["appid"] = order.appid
            object["mchid"] = order.mchid
        }
        var amount: [String: Any] = ["total": order.total, "currency": order.currency]
        if let transactionID = order.transactionID, let successTime = order.successTime {
            object["transaction_id"] = transactionID
            object["success_time"] = BeijingTime.rfc3339(successTime)
            object["bank_type"] = "OTHERS"
            if let attach = order.attach { object["attach"] = attach }
            let openid = order.payerOpenid ?? ""
            object["payer"] = order.isPartner ? ["sp_openid": openid] : ["openid": openid]
            amount["payer_total"] = order.payerTotal ?? order.total
            amount["payer_currency"] = "CNY"
            let discount = order.total - (order.payerTotal ?? order.total)
            if discount > 0 {
                object["promotion_detail"] = [[
                    "coupon_id": "sim-coupon", "name": "simulated coupon", "scope": "GLOBAL", "type": "CASH",
                    "amount": discount, "wechatpay_contribute": 0, "merchant_contribute": discount,
                    "other_contribute": 0, "currency": "CNY",
                ] as [String: Any]]
            }
        }
        object["amount"] = amount
        return object
    }

    /// Refund object as returned by create and query.
    static func refund(_ refund: SimRefund, order: SimOrder?) -> [String: Any] {
        var object: [String: Any] = [
            "refund_id": refund.refundID,
            "out_refund_no": refund.outRefundNo,
            "transaction_id": refund.transactionID,
            "out_trade_no": refund.outTradeNo,
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": BeijingTime.rfc3339(refund.createdAt),
            "status": refund.status,
            "funds_account": "AVAILABLE",
            "amount": refundAmount(refund, order: order),
            "promotion_detail": [Any](),
        ]
        if let subMchid = refund.subMchid { object["sub_mchid"] = subMchid }
        if let successTime = refund.successTime { object["success_time"] = BeijingTime.rfc3339(successTime) }
        return object
    }

    /// Plaintext resource of a REFUND.* notification (`refund_status`, not `status`).
    static func refundNotification(_ refund: SimRefund, order: SimOrder) -> [String: Any] {
        var object: [String: Any] = [
            "mchid": order.mchid,
            "out_trade_no": refund.outTradeNo,
            "transaction_id": refund.transactionID,
            "out_refund_no": refund.outRefundNo,
            "refund_id": refund.refundID,
            "refund_status": refund.status,
            "user_received_account": "支付用户零钱",
            "amount": [
                "total": refund.total, "refund": refund.refund,
                "payer_total": order.payerTotal ?? order.total, "payer_refund": payerRefund(refund, order: order),
            ],
        ]
        if order.isPartner {
            object["sp_mchid"] = order.mchid
            object["sub_mchid"] = order.subMchid
        }
        if let successTime = refund.successTime { object["success_time"] = BeijingTime.rfc3339(successTime) }
        return object
    }

    private static func payerRefund(_ refund: SimRefund, order: SimOrder?) -> Int {
        // Coupons are refunded in proportion; the payer gets back their share.
        guard let order, let payerTotal = order.payerTotal, order.total > 0 else { return refund.refund }
        return refund.refund * payerTotal / order.total
    }

    private static func refundAmount(_ refund: SimRefund, order: SimOrder?) -> [String: Any] {
        let payerRefund = payerRefund(refund, order: order)
        return [
            "total": refund.total, "refund": refund.refund, "from": [Any](),
            "payer_total": order?.payerTotal ?? refund.total, "payer_refund": payerRefund,
            "settlement_refund": refund.refund, "settlement_total": refund.total,
            "discount_refund": refund.refund - payerRefund, "currency": "CNY",
        ]
    }

    /// Serialises a JSON object; keys sorted so bodies are stable.
    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// The simulator's own view of an order for the control API: the transaction plus refunds and times.
    static func simView(_ order: SimOrder, refunds: [SimRefund], refundable: Int) -> [String: Any] {
        var object = transaction(order)
        object["generation"] = order.generation.rawValue
        object["description"] = order.description
        object["notify_url"] = order.notifyURL
        object["create_time"] = BeijingTime.rfc3339(order.createdAt)
        object["time_expire"] = BeijingTime.rfc3339(order.timeExpire)
        if let codeURL = order.codeURL { object["code_url"] = codeURL }
        if let prepayID = order.prepayID { object["prepay_id"] = prepayID }
        if let closedAt = order.closedAt { object["close_time"] = BeijingTime.rfc3339(closedAt) }
        object["refundable"] = refundable
        object["refunds"] = refunds.map { refund($0, order: order) }
        return object
    }
}
