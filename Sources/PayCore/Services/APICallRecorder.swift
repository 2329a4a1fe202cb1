import Foundation
import Logging
import WeChatPay

/// Writes every outbound call, v3 or v2, into `api_calls` and attributes it to its order and refund.
///
/// The client has already redacted the bodies; the order number is read from the path
/// (`/out-trade-no/{n}`) or the body (`out_trade_no` in v3's JSON or v2's XML), the refund number likewise.
struct APICallRecorder: APICallObserver {
    let store: Store
    let logger: Logger

    func record(_ call: APICallRecord) async {
        let (outTradeNo, outRefundNo) = Self.attribution(path: call.path, body: call.requestBody)
        let row = APICallRecordRow(
            operation: Self.operation(method: call.method, path: call.path), method: call.method,
            endpoint: call.path, startedAt: call.startedAt, outTradeNo: outTradeNo, outRefundNo: outRefundNo,
            requestBody: call.requestBody.isEmpty ? nil : call.requestBody, httpStatus: call.status,
            errorCode: call.errorCode, errorMessage: call.errorMessage,
            responseBody: call.responseBody.isEmpty ? nil : call.responseBody,
            latencyMilliseconds: Int((call.latencySeconds * 1000).rounded()))
        do {
            try store.insertAPICall(row)
        } catch {
            logger.warning("cannot record API call \(call.method) \(call.path): \(error)")
        }
    }

    /// The order and refund numbers a call concerns.
    static func attribution(path: String, body: String) -> (outTradeNo: String?, outRefundNo: String?) {
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let segments = route.split(separator: "/").map(String.init)
        func after(_ marker: String) -> String? {
            guard let index = segments.firstIndex(of: marker), index + 1 < segments.count else { return nil }
            return segments[index + 1].removingPercentEncoding ?? segments[index + 1]
        }
        var outTradeNo = after("out-trade-no")
        var outRefundNo = route.hasPrefix("/v3/refund/domestic/refunds/") ? segments.last : nil
        let data = Data(body.utf8)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            outTradeNo = outTradeNo ?? object["out_trade_no"] as? String
            outRefundNo = outRefundNo ?? object["out_refund_no"] as? String
        } else if body.hasPrefix("<xml"), let fields = try? XMLCodec.decode(data) {
            outTradeNo = outTradeNo ?? fields["out_trade_no"]
            outRefundNo = outRefundNo ?? fields["out_refund_no"]
        }
        return (outTradeNo, outRefundNo)
    }

    /// Short operation name for the call list.
    static func operation(method: String, path: String) -> String {
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        if route.hasSuffix("/close") { return "close" }
        if route.contains("/transactions/") && method == "POST" { return "prepay" }
        if route.contains("/transactions/") { return "query" }
        if route.hasPrefix("/v3/refund/domestic/refunds") { return method == "POST" ? "refund" : "refund-query" }
        if route.contains("abnormal-refund") { return "abnormal-refund" }
        if route.hasPrefix("/v3/certificates") { return "certificates" }
        if route.contains("bill") { return "bill" }
        // API v2 (XML).
        switch route {
        case "/pay/unifiedorder": return "prepay"
        case "/pay/orderquery": return "query"
        case "/pay/closeorder": return "close"
        case "/secapi/pay/refund": return "refund"
        case "/pay/refundquery": return "refund-query"
        default: break
        }
        return "call"
    }
}
