import Foundation
import WeChatPay

/// What WeChat Pay said about one order, whichever API generation said it.
struct GatewayTransaction: Sendable {
    var observation: TradeObservation
    /// The merchant and app the platform names (checked against the configuration).
    var mchid: String?
    var appid: String?
    var total: Int?
    /// The object as JSON, stored as a snapshot.
    var json: String
}

/// What WeChat Pay said about one refund.
struct GatewayRefund: Sendable {
    var outRefundNo: String
    var outTradeNo: String?
    var refundID: String?
    /// PROCESSING, SUCCESS, CLOSED, ABNORMAL.
    var status: String
    var amount: Int
    var channel: String?
    var userReceivedAccount: String?
    var fundsAccount: String?
    var payerRefund: Int?
    var successTime: Date?
    var json: String
}

/// The calls the services make, implemented once for v3 (direct or partner) and once for v2.
protocol PaymentGateway: Sendable {
    /// The notify URL to give a new order whose default is `url` (PayDesk's listener takes v3 at `/notify`).
    func paymentNotifyURL(_ url: String) -> String
    func createNative(
        outTradeNo: String, description: String, total: Int, timeExpire: Date, notifyURL: String, attach: String?
    ) async throws(PayCoreError) -> (codeURL: String, prepayID: String?)
    func query(outTradeNo: String) async throws(PayCoreError) -> GatewayTransaction
    func close(outTradeNo: String) async throws(PayCoreError)
    func refund(
        outTradeNo: String, outRefundNo: String, total: Int, amount: Int, reason: String?, notifyURL: String?
    ) async throws(PayCoreError) -> GatewayRefund
    func queryRefund(outRefundNo: String) async throws(PayCoreError) -> GatewayRefund
    /// The plain trade bill of `date` (`yyyy-MM-dd`).
    func tradeBill(date: String, type: String, progress: (@Sendable (Int64, Int64) -> Void)?)
        async throws(PayCoreError) -> Data
}

extension PaymentGateway {
    /// v3 notifications go where the order says.
    func paymentNotifyURL(_ url: String) -> String { url }
}

/// JSON text of an encodable model (snake_case keys come from the model's coding keys).
func jsonText(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}

/// JSON text of string fields (v2 answers).
func jsonText(fields: [String: String]) -> String { jsonText(fields) }

extension GatewayTransaction {
    /// From a v3 transaction (direct or partner); `json` when the caller has the object's text already (a
    /// notification's decrypted resource), which saves encoding it again.
    init(_ transaction: Transaction, json knownJSON: String? = nil) {
        observation = TradeObservation(
            tradeState: transaction.tradeState.rawValue, tradeStateDescription: transaction.tradeStateDesc,
            transactionID: transaction.transactionID, payerTotal: transaction.amount?.payerTotal,
            payerOpenID: transaction.payer?.openid ?? transaction.payer?.spOpenid ?? transaction.payer?.subOpenid,
            successTime: transaction.successTime.flatMap(WeChatPayTime.parse))
        mchid = transaction.mchid ?? transaction.spMchid
        appid = transaction.appid ?? transaction.spAppid
        total = transaction.amount?.total
        json = knownJSON ?? jsonText(transaction)
    }
}

extension GatewayRefund {
    /// From a v3 refund object.
    init(_ refund: Refund) {
        outRefundNo = refund.outRefundNo
        outTradeNo = refund.outTradeNo
        refundID = refund.refundID
        status = refund.status.rawValue
        amount = refund.amount.refund
        channel = refund.channel?.rawValue
        userReceivedAccount = refund.userReceivedAccount
        fundsAccount = refund.fundsAccount?.rawValue
        payerRefund = refund.amount.payerRefund
        successTime = refund.successTime.flatMap(WeChatPayTime.parse)
        json = jsonText(refund)
    }
}
