import Foundation

/// A client of the legacy XML API v2: signed `<xml>` POSTs, two-layer result checking, signed answers verified.
///
/// Every call is idempotent as sent (queries, close, refund keyed by `out_refund_no`, unified order with the same
/// parameters), so a failure that `V2Error.isRetrySafe` names is retried up to `maxAttempts` times with a fresh
/// nonce; any other failure is returned at once.
///
/// ```swift
/// let client = WeChatPayV2Client(baseURL: "https://api.mch.weixin.qq.com", appid: appid, mchid: mchid,
///                                apiKey: key, transport: CurlTransport())
/// let order = try await client.unifiedOrderNative(outTradeNo: "T1", body: "Coffee", totalFee: 100,
///                                                 spbillCreateIP: "127.0.0.1", notifyURL: url)
/// ```
public struct WeChatPayV2Client: Sendable {
    public let baseURL: String
    public let appid: String
    public let mchid: String
    public let signType: V2SignType
    public let maxAttempts: Int
    public let retryDelay: Duration
    private let signer: V2Signer
    private let transport: any HTTPTransport
    private let clientCertificate: ClientCertificate?
    private let observer: (any APICallObserver)?

    /// `observer` receives a record of every attempt, as the v3 client's does (the core stores them in `api_calls`).
    public init(
        baseURL: String, appid: String, mchid: String, apiKey: String, signType: V2SignType = .hmacSHA256,
        transport: any HTTPTransport, clientCertificate: ClientCertificate? = nil,
        maxAttempts: Int = 3, retryDelay: Duration = .milliseconds(200), observer: (any APICallObserver)? = nil
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.appid = appid
        self.mchid = mchid
        self.signType = signType
        self.signer = V2Signer(apiKey: apiKey)
        self.transport = transport
        self.clientCertificate = clientCertificate
        self.maxAttempts = max(1, maxAttempts)
        self.retryDelay = retryDelay
        self.observer = observer
    }

    // MARK: - Calls

    /// `/pay/unifiedorder` with `trade_type=NATIVE`: the QR content (`code_url`) to show the payer.
    public func unifiedOrderNative(
        outTradeNo: String, body: String, totalFee: Int, spbillCreateIP: String, notifyURL: String,
        timeExpire: Date? = nil, attach: String? = nil
    ) async throws -> (prepayID: String, codeURL: String) {
        var fields = [
            "out_trade_no": outTradeNo, "body": body, "total_fee": String(totalFee),
            "spbill_create_ip": spbillCreateIP, "notify_url": notifyURL, "trade_type": "NATIVE",
        ]
        fields["time_expire"] = timeExpire.map(V2Time.format)
        fields["attach"] = attach
        let answer = try await call("/pay/unifiedorder", fields)
        return (try answer.required("prepay_id"), try answer.required("code_url"))
    }

    /// `/pay/orderquery` by the merchant's order number.
    public func orderQuery(outTradeNo: String) async throws -> V2OrderQueryResult {
        try V2OrderQueryResult(try await call("/pay/orderquery", ["out_trade_no": outTradeNo]))
    }

    /// `/pay/orderquery` by WeChat Pay's transaction id.
    public func orderQuery(transactionID: String) async throws -> V2OrderQueryResult {
        try V2OrderQueryResult(try await call("/pay/orderquery", ["transaction_id": transactionID]))
    }

    /// `/pay/closeorder`. The platform refuses it within 5 minutes of creation and for paid orders (`ORDERPAID`).
    public func closeOrder(outTradeNo: String) async throws {
        _ = try await call("/pay/closeorder", ["out_trade_no": outTradeNo])
    }

    /// `/secapi/pay/refund` over TLS with the merchant client certificate; retried only with the same `out_refund_no`.
    public func refund(
        outTradeNo: String, outRefundNo: String, totalFee: Int, refundFee: Int,
        reason: String? = nil, notifyURL: String? = nil
    ) async throws -> V2RefundResult {
        guard clientCertificate != nil else { throw V2Error.clientCertificateRequired }
        var fields = [
            "out_trade_no": outTradeNo, "out_refund_no": outRefundNo,
            "total_fee": String(totalFee), "refund_fee": String(refundFee),
        ]
        fields["refund_desc"] = reason
        fields["notify_url"] = notifyURL
        return try V2RefundResult(try await call("/secapi/pay/refund", fields, needsCertificate: true))
    }

    /// `/pay/refundquery` by the merchant's refund number.
    public func refundQuery(outRefundNo: String) async throws -> V2RefundQueryResult {
        try V2RefundQueryResult(try await call("/pay/refundquery", ["out_refund_no": outRefundNo]))
    }

    /// `/pay/downloadbill`: the raw bill text (CSV-like, backtick-prefixed values) for `date` (`yyyyMMdd`).
    ///
    /// `type` is `ALL`, `SUCCESS`, `REFUND` or `RECHARGE_REFUND`. The platform answers errors (e.g. no bill
    /// that day) with XML instead of the bill; those become `V2Error.communication`/`.business`.
    public func downloadBill(date: String, type: String = "ALL") async throws -> Data {
        guard V2Time.isBillDate(date) else { throw V2Error.invalidArgument("bill date must be yyyyMMdd") }
        let fields = ["bill_date": date, "bill_type": type]
        return try await withRetries { attempt in
            try await exchange("/pay/downloadbill", fields, attempt: attempt, needsCertificate: false, recordsAnswer: false) { body in
                guard Self.looksLikeXML(body) else { return body }
                _ = try interpret(body)
                throw V2Error.malformedResponse("XML instead of a bill")
            }
        }
    }

    // MARK: - Exchange

    /// Sends a signed request and checks the answer's two result layers and signature.
    private func call(_ path: String, _ fields: [String: String], needsCertificate: Bool = false) async throws -> V2Fields {
        try await withRetries { attempt in
            try await exchange(path, fields, attempt: attempt, needsCertificate: needsCertificate) { try interpret($0) }
        }
    }

    private func withRetries<T: Sendable>(_ attempt: (Int) async throws -> T) async throws -> T {
        var number = 1
        while true {
            do {
                return try await attempt(number)
            } catch let error as V2Error where error.isRetrySafe && number < maxAttempts {
                // Linear backoff with ±20 % jitter, so that clients do not retry in lockstep.
                try await Task.sleep(for: retryDelay * (Double(number) * Double.random(in: 0.8...1.2)))
                number += 1
            }
        }
    }

    /// One POST with a fresh nonce, its 2xx body handed to `read`; the attempt is recorded for the observer
    /// whatever its outcome. `recordsAnswer` false keeps a bill file out of the record (only its size is noted).
    private func exchange<T>(
        _ path: String, _ fields: [String: String], attempt: Int, needsCertificate: Bool, recordsAnswer: Bool = true,
        read: (Data) throws -> T
    ) async throws -> T {
        var signed = fields
        signed["appid"] = appid
        signed["mch_id"] = mchid
        signed["nonce_str"] = Nonce.make(length: 32)
        signed["sign_type"] = signType.rawValue
        signed["sign"] = signer.sign(signed, type: signType)
        let request = HTTPRequest(
            method: "POST", url: baseURL + path,
            headers: HTTPHeaders([("Content-Type", "text/xml; charset=utf-8"), ("Accept", "text/xml, text/plain")]),
            body: XMLCodec.encode(signed))
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        var response: HTTPResponse?
        let result: Result<T, any Error>
        do {
            let answer: HTTPResponse
            do {
                answer = try await transport.send(request, clientCertificate: needsCertificate ? clientCertificate : nil)
            } catch let error as TransportError {
                throw V2Error.transport(error)
            }
            response = answer
            guard (200..<300).contains(answer.status) else { throw V2Error.httpStatus(answer.status) }
            result = .success(try read(answer.body))
        } catch {
            result = .failure(error)
        }
        if let observer {
            let failure: (any Error)? = if case .failure(let error) = result { error } else { nil }
            var shown = signed
            // The signature is derived from the API key; it is not needed to read the call back.
            shown["sign"] = "[REDACTED]"
            await observer.record(APICallRecord(
                method: "POST", path: path, requestBody: String(decoding: XMLCodec.encode(shown), as: UTF8.self),
                status: response?.status, errorCode: (failure as? V2Error)?.code, errorMessage: failure.map { "\($0)" },
                responseBody: recordsAnswer
                    ? APICallRedaction.capped(String(decoding: response?.body ?? Data(), as: UTF8.self))
                    : "[\(response?.body.count ?? 0) bytes]",
                latency: clock.now - start, attempt: attempt, startedAt: startedAt))
        }
        return try result.get()
    }

    /// return_code, then the signature, then result_code (protocol §6.1).
    private func interpret(_ body: Data) throws -> V2Fields {
        let values: [String: String]
        do {
            values = try XMLCodec.decode(body)
        } catch let error as XMLCodecError {
            throw V2Error.malformedResponse("not a v2 XML document (\(error))")
        }
        let fields = V2Fields(values)
        guard values["return_code"] == "SUCCESS" else {
            throw V2Error.communication(fields.optional("return_msg") ?? "return_code \(values["return_code"] ?? "missing")")
        }
        if values["sign"] != nil, !signer.verify(values) { throw V2Error.badSignature }
        if let result = values["result_code"], result != "SUCCESS" {
            throw V2Error.business(code: values["err_code"] ?? result, description: values["err_code_des"] ?? "")
        }
        return fields
    }

    private static func looksLikeXML(_ body: Data) -> Bool {
        let start = body.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return start.starts(with: Array("<xml".utf8)) || start.starts(with: Array("<?xml".utf8))
    }
}
