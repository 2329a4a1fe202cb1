import Foundation
import WeChatPay

/// Turns platform events into notification deliveries: v3 encrypted envelopes or v2 XML.
struct NotificationBuilder: Sendable {
    let apiV3Key: String
    let apiV2Key: String

    /// The deliveries `event` causes (none when there is nowhere to send).
    func deliveries(for event: PlatformEvent, now: Date) throws -> [NotificationDelivery] {
        switch event {
        case .paid(let order):
            if order.generation == .v2 {
                return [delivery(format: .v2, event: "TRANSACTION.SUCCESS", url: order.notifyURL, body: v2PaidXML(order), order: order, refund: nil, now: now)]
            }
            let body = try envelope(
                eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction",
                plaintext: WireViews.data(WireViews.transaction(order)), now: now)
            return [delivery(format: .v3, event: "TRANSACTION.SUCCESS", url: order.notifyURL, body: body.text, id: body.id, order: order, refund: nil, now: now)]
        case .refundSettled(let refund, let order):
            let url = refund.notifyURL ?? order.notifyURL
            let eventType = "REFUND." + refund.status
            if refund.generation == .v2 {
                return [delivery(format: .v2, event: eventType, url: url, body: try v2RefundXML(refund, order: order), order: order, refund: refund, now: now)]
            }
            let summary = ["SUCCESS": "退款成功", "ABNORMAL": "退款异常", "CLOSED": "退款关闭"][refund.status] ?? "退款状态变化"
            let body = try envelope(
                eventType: eventType, summary: summary, originalType: "refund",
                plaintext: WireViews.data(WireViews.refundNotification(refund, order: order)), now: now)
            return [delivery(format: .v3, event: eventType, url: url, body: body.text, id: body.id, order: order, refund: refund, now: now)]
        }
    }

    private func delivery(
        format: NotificationDelivery.Format, event: String, url: String, body: String, id: String = UUID().uuidString.lowercased(),
        order: SimOrder, refund: SimRefund?, now: Date
    ) -> NotificationDelivery {
        NotificationDelivery(
            id: id, format: format, eventType: event, url: url, body: body, outTradeNo: order.outTradeNo,
            outRefundNo: refund?.outRefundNo, createdAt: now, attemptsMade: 0, nextAttemptAt: now, state: .pending)
    }

    /// The v3 envelope (§3.1) with the resource encrypted under the APIv3 key.
    func envelope(eventType: String, summary: String, originalType: String, plaintext: Data, now: Date) throws -> (id: String, text: String) {
        let nonce = Nonce.make(length: 12)
        let ciphertext = try AEADAES256GCM.encrypt(
            plaintext: plaintext, key: Data(apiV3Key.utf8), nonce: nonce, associatedData: originalType)
        let id = UUID().uuidString.lowercased()
        let object: [String: Any] = [
            "id": id, "create_time": BeijingTime.rfc3339(now), "resource_type": "encrypt-resource",
            "event_type": eventType, "summary": summary,
            "resource": [
                "original_type": originalType, "algorithm": "AEAD_AES_256_GCM", "ciphertext": ciphertext,
                "associated_data": originalType, "nonce": nonce,
            ],
        ]
        return (id, String(decoding: WireViews.data(object), as: UTF8.self))
    }

    /// v2 pay-success XML, signed with the APIv2 key in the order's sign type.
    func v2PaidXML(_ order: SimOrder) -> String {
        var fields: [String: String] = [
            "return_code": "SUCCESS", "result_code": "SUCCESS", "appid": order.appid, "mch_id": order.mchid,
            "nonce_str": Nonce.make(length: 32), "openid": order.payerOpenid ?? "", "is_subscribe": "N",
            "trade_type": order.tradeType, "bank_type": "OTHERS", "total_fee": String(order.total),
            "cash_fee": String(order.payerTotal ?? order.total), "fee_type": "CNY",
            "transaction_id": order.transactionID ?? "", "out_trade_no": order.outTradeNo,
            "time_end": order.successTime.map(BeijingTime.compact) ?? "",
        ]
        if let attach = order.attach { fields["attach"] = attach }
        let type = V2Protocol.signType(order.v2SignType)
        if type == .hmacSHA256 { fields["sign_type"] = "HMAC-SHA256" }
        fields["sign"] = V2Signer(apiKey: apiV2Key).sign(fields, type: type)
        return String(decoding: XMLCodec.encode(fields), as: UTF8.self)
    }

    /// v2 refund XML: outer fields plus `req_info` (AES-256-ECB under lower-hex MD5 of the APIv2 key).
    func v2RefundXML(_ refund: SimRefund, order: SimOrder) throws -> String {
        var inner: [String: String] = [
            "out_refund_no": refund.outRefundNo, "out_trade_no": refund.outTradeNo,
            "refund_account": "REFUND_SOURCE_UNSETTLED_FUNDS", "refund_fee": String(refund.refund),
            "refund_id": refund.refundID, "refund_recv_accout": "支付用户零钱", "refund_request_source": "API",
            "refund_status": V2Protocol.refundStatus(refund.status), "settlement_refund_fee": String(refund.refund),
            "settlement_total_fee": String(refund.total), "total_fee": String(refund.total),
            "transaction_id": refund.transactionID,
        ]
        if let successTime = refund.successTime { inner["success_time"] = BeijingTime.spaced(successTime) }
        let key = Data(Digest.md5(Data(apiV2Key.utf8)).hexString.utf8)
        let encrypted = try AESECB.encryptPKCS7(XMLCodec.encode(inner, root: "root"), key: key)
        let fields: [String: String] = [
            "return_code": "SUCCESS", "appid": order.appid, "mch_id": order.mchid,
            "nonce_str": Nonce.make(length: 32), "req_info": encrypted.base64EncodedString(),
        ]
        return String(decoding: XMLCodec.encode(fields), as: UTF8.self)
    }
}

/// Small v2 vocabulary shared by the v2 API and v2 notifications.
enum V2Protocol {
    /// `MD5` (default) or `HMAC-SHA256`.
    static func signType(_ text: String?) -> V2SignType {
        text?.uppercased() == "HMAC-SHA256" ? .hmacSHA256 : .md5
    }

    /// v3 refund status → v2 `refund_status`.
    static func refundStatus(_ status: String) -> String {
        switch status {
        case "ABNORMAL": "CHANGE"
        case "CLOSED": "REFUNDCLOSE"
        default: status
        }
    }
}
