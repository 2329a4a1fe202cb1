import Foundation

/// `{"code_url": …}` answer of Native prepay.
private struct CodeURLAnswer: Decodable {
    var codeURL: String
    enum CodingKeys: String, CodingKey { case codeURL = "code_url" }
}

/// `{"prepay_id": …}` answer of JSAPI and APP prepay.
private struct PrepayIDAnswer: Decodable {
    var prepayID: String
    enum CodingKeys: String, CodingKey { case prepayID = "prepay_id" }
}

private struct CloseBody: Encodable {
    var mchid: String
}

private struct PartnerCloseBody: Encodable {
    var spMchid: String
    var subMchid: String
    enum CodingKeys: String, CodingKey {
        case spMchid = "sp_mchid"
        case subMchid = "sub_mchid"
    }
}

extension WeChatPayClient {
    // MARK: - Prepay (idempotent on out_trade_no with identical parameters)

    /// Native prepay; returns the `code_url` to show as a QR code.
    public func nativePrepay(_ request: NativePrepayRequest) async throws(WeChatPayError) -> String {
        try RequestValidation.prepay(
            outTradeNo: request.outTradeNo, description: request.description, notifyURL: request.notifyURL,
            amount: request.amount, timeExpire: request.timeExpire)
        return try await post("/v3/pay/transactions/native", request, answer: CodeURLAnswer.self).codeURL
    }

    /// Native prepay for a sub-merchant; returns the `code_url`.
    public func partnerNativePrepay(_ request: PartnerNativePrepayRequest) async throws(WeChatPayError) -> String {
        try RequestValidation.prepay(
            outTradeNo: request.outTradeNo, description: request.description, notifyURL: request.notifyURL,
            amount: request.amount, timeExpire: request.timeExpire)
        return try await post("/v3/pay/partner/transactions/native", request, answer: CodeURLAnswer.self).codeURL
    }

    /// JSAPI / mini-program prepay; returns the `prepay_id`.
    public func jsapiPrepay(_ request: JSAPIPrepayRequest) async throws(WeChatPayError) -> String {
        try RequestValidation.prepay(
            outTradeNo: request.outTradeNo, description: request.description, notifyURL: request.notifyURL,
            amount: request.amount, timeExpire: request.timeExpire)
        guard request.payer.openid?.isEmpty == false else { throw .invalidRequest("JSAPI prepay needs payer.openid") }
        return try await post("/v3/pay/transactions/jsapi", request, answer: PrepayIDAnswer.self).prepayID
    }

    /// JSAPI prepay for a sub-merchant; returns the `prepay_id`.
    public func partnerJSAPIPrepay(_ request: PartnerJSAPIPrepayRequest) async throws(WeChatPayError) -> String {
        try RequestValidation.prepay(
            outTradeNo: request.outTradeNo, description: request.description, notifyURL: request.notifyURL,
            amount: request.amount, timeExpire: request.timeExpire)
        guard request.payer.spOpenid?.isEmpty == false || request.payer.subOpenid?.isEmpty == false else {
            throw .invalidRequest("partner JSAPI prepay needs payer.sp_openid or payer.sub_openid")
        }
        return try await post("/v3/pay/partner/transactions/jsapi", request, answer: PrepayIDAnswer.self).prepayID
    }

    /// APP prepay; returns the `prepay_id`.
    public func appPrepay(_ request: APPPrepayRequest) async throws(WeChatPayError) -> String {
        try RequestValidation.prepay(
            outTradeNo: request.outTradeNo, description: request.description, notifyURL: request.notifyURL,
            amount: request.amount, timeExpire: request.timeExpire)
        return try await post("/v3/pay/transactions/app", request, answer: PrepayIDAnswer.self).prepayID
    }

    // MARK: - Query

    /// The order with merchant order number `outTradeNo`.
    public func queryOrder(outTradeNo: String, mchid: String) async throws(WeChatPayError) -> Transaction {
        try RequestValidation.outTradeNo(outTradeNo)
        return try await get(
            "/v3/pay/transactions/out-trade-no/\(URLEncoding.escape(outTradeNo))", query: [("mchid", mchid)],
            answer: Transaction.self)
    }

    /// The order with WeChat Pay transaction id `transactionID` (paid orders only).
    public func queryOrder(transactionID: String, mchid: String) async throws(WeChatPayError) -> Transaction {
        try RequestValidation.identifier(transactionID, name: "transaction_id")
        return try await get(
            "/v3/pay/transactions/id/\(URLEncoding.escape(transactionID))", query: [("mchid", mchid)],
            answer: Transaction.self)
    }

    /// A sub-merchant's order by merchant order number.
    public func partnerQueryOrder(
        outTradeNo: String, spMchid: String, subMchid: String
    ) async throws(WeChatPayError) -> Transaction {
        try RequestValidation.outTradeNo(outTradeNo)
        return try await get(
            "/v3/pay/partner/transactions/out-trade-no/\(URLEncoding.escape(outTradeNo))",
            query: [("sp_mchid", spMchid), ("sub_mchid", subMchid)], answer: Transaction.self)
    }

    /// A sub-merchant's order by transaction id.
    public func partnerQueryOrder(
        transactionID: String, spMchid: String, subMchid: String
    ) async throws(WeChatPayError) -> Transaction {
        try RequestValidation.identifier(transactionID, name: "transaction_id")
        return try await get(
            "/v3/pay/partner/transactions/id/\(URLEncoding.escape(transactionID))",
            query: [("sp_mchid", spMchid), ("sub_mchid", subMchid)], answer: Transaction.self)
    }

    // MARK: - Close (re-entrant, answered 204)

    /// Closes an unpaid order.
    public func closeOrder(outTradeNo: String, mchid: String) async throws(WeChatPayError) {
        try RequestValidation.outTradeNo(outTradeNo)
        let body = try Self.encodeBody(CloseBody(mchid: mchid))
        _ = try await perform(
            Call(
                method: "POST",
                canonicalURL: "/v3/pay/transactions/out-trade-no/\(URLEncoding.escape(outTradeNo))/close",
                body: body, idempotent: true))
    }

    /// Closes a sub-merchant's unpaid order.
    public func partnerCloseOrder(outTradeNo: String, spMchid: String, subMchid: String) async throws(WeChatPayError) {
        try RequestValidation.outTradeNo(outTradeNo)
        let body = try Self.encodeBody(PartnerCloseBody(spMchid: spMchid, subMchid: subMchid))
        _ = try await perform(
            Call(
                method: "POST",
                canonicalURL: "/v3/pay/partner/transactions/out-trade-no/\(URLEncoding.escape(outTradeNo))/close",
                body: body, idempotent: true))
    }

    // MARK: - Helpers

    /// POSTs `body` as JSON (idempotent unless told otherwise) and decodes the verified answer.
    func post<Body: Encodable, Answer: Decodable>(
        _ path: String, _ body: Body, answer: Answer.Type, idempotent: Bool = true
    ) async throws(WeChatPayError) -> Answer {
        let data = try Self.encodeBody(body)
        let response = try await perform(Call(method: "POST", canonicalURL: path, body: data, idempotent: idempotent))
        return try Self.decode(answer, from: response.body)
    }

    /// GETs `path?query` and decodes the verified answer.
    func get<Answer: Decodable>(
        _ path: String, query: [(String, String)], answer: Answer.Type
    ) async throws(WeChatPayError) -> Answer {
        let response = try await perform(
            Call(
                method: "GET", canonicalURL: URLEncoding.canonicalURL(path: path, query: query), body: Data(),
                idempotent: true))
        return try Self.decode(answer, from: response.body)
    }
}
