import Foundation
import WeChatPay

/// API v2 (XML): Native unifiedorder, orderquery, closeorder, refund, refundquery, downloadbill.
struct V2Gateway: PaymentGateway {
    let client: WeChatPayV2Client

    /// v2 refund states in the v3 spelling the services use.
    static func refundStatus(_ v2: String) -> String {
        switch v2 {
        case "REFUNDCLOSE": "CLOSED"
        case "CHANGE": "ABNORMAL"
        default: v2
        }
    }

    /// PayDesk's listener takes v2 payment XML at `/notify/v2/pay`: a listener URL ending in `/notify` gets that
    /// path; any other URL (the merchant's own endpoint) is used as given.
    func paymentNotifyURL(_ url: String) -> String {
        url.hasSuffix("/notify") ? url + "/v2/pay" : url
    }

    /// Refund notifications of an order whose notify URL is `url` go to the listener's `/notify/v2/refund`
    /// (the refund XML carries an encrypted `req_info` the payment path does not take).
    static func refundNotifyURL(_ url: String) -> String {
        if url.hasSuffix("/notify/v2/pay") { return String(url.dropLast("pay".count)) + "refund" }
        if url.hasSuffix("/notify") { return url + "/v2/refund" }
        return url
    }

    private func call<T: Sendable>(_ body: () async throws -> T) async throws(PayCoreError) -> T {
        do {
            return try await body()
        } catch {
            throw PayCoreError.wrap(error)
        }
    }

    func createNative(
        outTradeNo: String, description: String, total: Int, timeExpire: Date, notifyURL: String, attach: String?
    ) async throws(PayCoreError) -> (codeURL: String, prepayID: String?) {
        let answer = try await call {
            try await client.unifiedOrderNative(
                outTradeNo: outTradeNo, body: description, totalFee: total, spbillCreateIP: "127.0.0.1",
                notifyURL: notifyURL, timeExpire: timeExpire, attach: attach)
        }
        return (answer.codeURL, answer.prepayID)
    }

    func query(outTradeNo: String) async throws(PayCoreError) -> GatewayTransaction {
        let result = try await call { try await client.orderQuery(outTradeNo: outTradeNo) }
        let observation = TradeObservation(
            tradeState: result.tradeState, tradeStateDescription: result.tradeStateDescription,
            transactionID: result.transactionID, payerTotal: result.cashFee, payerOpenID: result.openid,
            successTime: result.timeEnd.flatMap(V2Time.parse))
        return GatewayTransaction(
            observation: observation, mchid: result.fields["mch_id"], appid: result.fields["appid"],
            total: result.totalFee, json: jsonText(fields: result.fields))
    }

    func close(outTradeNo: String) async throws(PayCoreError) {
        try await call { try await client.closeOrder(outTradeNo: outTradeNo) }
    }

    func refund(
        outTradeNo: String, outRefundNo: String, total: Int, amount: Int, reason: String?, notifyURL: String?
    ) async throws(PayCoreError) -> GatewayRefund {
        let result = try await call {
            try await client.refund(
                outTradeNo: outTradeNo, outRefundNo: outRefundNo, totalFee: total, refundFee: amount, reason: reason,
                notifyURL: notifyURL.map(Self.refundNotifyURL))
        }
        return GatewayRefund(
            outRefundNo: result.outRefundNo, outTradeNo: result.outTradeNo, refundID: result.refundID,
            status: "PROCESSING", amount: result.refundFee, json: jsonText(fields: result.fields))
    }

    func queryRefund(outRefundNo: String) async throws(PayCoreError) -> GatewayRefund {
        let result = try await call { try await client.refundQuery(outRefundNo: outRefundNo) }
        guard let item = result.refunds.first(where: { $0.outRefundNo == outRefundNo }) else {
            throw PayCoreError.refundNotFound(outRefundNo)
        }
        return GatewayRefund(
            outRefundNo: item.outRefundNo, outTradeNo: result.outTradeNo, refundID: item.refundID,
            status: Self.refundStatus(item.refundStatus), amount: item.refundFee,
            userReceivedAccount: item.refundReceiveAccount,
            successTime: item.successTime.flatMap { V2Time.parse($0) ?? WeChatPayTime.parse($0) },
            json: jsonText(fields: result.fields))
    }

    func tradeBill(
        date: String, type: String, progress: (@Sendable (Int64, Int64) -> Void)?
    ) async throws(PayCoreError) -> Data {
        let compact = date.replacingOccurrences(of: "-", with: "")
        return try await call { try await client.downloadBill(date: compact, type: type) }
    }
}
