import Foundation

extension WeChatPayClient {
    /// Creates a refund (retried safely: the platform deduplicates on `out_refund_no`).
    public func createRefund(_ request: CreateRefundRequest) async throws(WeChatPayError) -> Refund {
        try RequestValidation.outRefundNo(request.outRefundNo)
        guard request.transactionID?.isEmpty == false || request.outTradeNo?.isEmpty == false else {
            throw .invalidRequest("a refund needs transaction_id or out_trade_no")
        }
        guard request.amount.refund >= 1, request.amount.refund <= request.amount.total else {
            throw .invalidRequest("refund amount must be between 1 fen and the order total")
        }
        if let notifyURL = request.notifyURL { try RequestValidation.notifyURL(notifyURL) }
        return try await post("/v3/refund/domestic/refunds", request, answer: Refund.self)
    }

    /// The refund with merchant refund number `outRefundNo` (`subMchid` in partner mode).
    public func queryRefund(outRefundNo: String, subMchid: String? = nil) async throws(WeChatPayError) -> Refund {
        try RequestValidation.outRefundNo(outRefundNo)
        return try await get(
            "/v3/refund/domestic/refunds/\(URLEncoding.escape(outRefundNo))",
            query: subMchid.map { [("sub_mchid", $0)] } ?? [], answer: Refund.self)
    }

    /// Asks for an ABNORMAL refund to be paid to a bank card. Not retried: treated as not idempotent.
    public func applyAbnormalRefund(
        refundID: String, _ request: AbnormalRefundRequest
    ) async throws(WeChatPayError) -> Refund {
        try RequestValidation.identifier(refundID, name: "refund_id")
        try RequestValidation.outRefundNo(request.outRefundNo)
        return try await post(
            "/v3/refund/domestic/refunds/\(URLEncoding.escape(refundID))/apply-abnormal-refund", request,
            answer: Refund.self, idempotent: false)
    }
}
