import Foundation
import WeChatPay

extension SimulatorHandler {
    /// Every v2 XML request: parse, check merchant and signature, run the call, answer signed XML.
    ///
    /// `/secapi/pay/refund` needs TLS client authentication on the real platform; plain loopback HTTP has
    /// none, so the simulator checks the body signature only.
    func v2(_ request: SimRequest) async -> SimResponse {
        let fault = await injectedFault()
        if case .gatewayError(let seconds) = fault { return Self.gatewayError(retryAfter: seconds) }
        guard request.method == "POST" else { return xml(["return_code": "FAIL", "return_msg": "REQUIRE_POST_METHOD"]) }
        guard !request.body.isEmpty else { return xml(["return_code": "FAIL", "return_msg": "POST_DATA_EMPTY"]) }
        guard let fields = try? XMLCodec.decode(request.body) else {
            return xml(["return_code": "FAIL", "return_msg": "XML_FORMAT_ERROR: body is not a flat <xml> document"])
        }
        guard fields["appid"] == config.appid else { return xml(["return_code": "FAIL", "return_msg": "appid \(fields["appid"] ?? "(missing)") is not bound to this merchant"]) }
        guard fields["mch_id"] == config.mchid else { return xml(["return_code": "FAIL", "return_msg": "mch_id \(fields["mch_id"] ?? "(missing)") does not exist"]) }
        guard let nonce = fields["nonce_str"], !nonce.isEmpty, nonce.count <= 32 else {
            return xml(["return_code": "FAIL", "return_msg": "nonce_str is required (at most 32 characters)"])
        }
        let signTypeText = fields["sign_type"]
        guard signTypeText == nil || signTypeText == "MD5" || signTypeText == "HMAC-SHA256" else {
            return xml(["return_code": "FAIL", "return_msg": "sign_type must be MD5 or HMAC-SHA256"])
        }
        let signType = V2Protocol.signType(signTypeText)
        var unsigned = fields
        unsigned["sign"] = nil
        guard let sign = fields["sign"], sign.uppercased() == V2Signer(apiKey: config.apiV2Key).sign(unsigned, type: signType) else {
            return xml(["return_code": "FAIL", "return_msg": "签名错误: sign does not verify with the APIv2 key (\(signTypeText ?? "MD5"))"])
        }
        var answer: [String: String]
        do {
            // v2 reports a platform failure in the business layer: result_code FAIL, err_code SYSTEMERROR, signed.
            if fault == .systemError { throw PlatformError.systemError }
            if request.path == "/pay/downloadbill" { return await downloadBill(fields) }
            answer = try await v2Route(request.path, fields: fields, signType: signTypeText)
            answer["result_code"] = "SUCCESS"
            if fault == .answerLost { throw PlatformError.systemError }
        } catch let error as PlatformError {
            answer = ["result_code": "FAIL", "err_code": Self.v2Code(error.code, path: request.path), "err_code_des": error.message]
        } catch {
            answer = ["result_code": "FAIL", "err_code": "SYSTEMERROR", "err_code_des": "\(error)"]
        }
        answer["return_code"] = "SUCCESS"
        answer["return_msg"] = "OK"
        answer["appid"] = config.appid
        answer["mch_id"] = config.mchid
        answer["nonce_str"] = Nonce.make(length: 32)
        answer["sign"] = V2Signer(apiKey: config.apiV2Key).sign(answer, type: signType)
        return xml(answer)
    }

    private func xml(_ fields: [String: String]) -> SimResponse {
        SimResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/xml; charset=utf-8")]), body: XMLCodec.encode(fields))
    }

    /// v3 code → v2 `err_code` spelling.
    static func v2Code(_ code: String, path: String) -> String {
        switch code {
        case "ORDER_NOT_EXIST": "ORDERNOTEXIST"
        case "ORDER_PAID": "ORDERPAID"
        case "ORDER_CLOSED": "ORDERCLOSED"
        case "NOT_ENOUGH": "NOTENOUGH"
        case "SYSTEM_ERROR": "SYSTEMERROR"
        case "RESOURCE_NOT_EXISTS": path == "/pay/refundquery" ? "REFUNDNOTEXIST" : "ORDERNOTEXIST"
        case "RULE_LIMIT": "INVALID_REQUEST"
        default: code
        }
    }

    private func required(_ fields: [String: String], _ names: [String]) throws {
        for name in names where (fields[name] ?? "").isEmpty {
            throw PlatformError(status: 400, code: "LACK_PARAMS", message: "\(name) is required")
        }
    }

    private static func fingerprint(_ fields: [String: String]) -> String {
        fields.filter { !["nonce_str", "sign", "sign_type"].contains($0.key) }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    private func fen(_ fields: [String: String], _ name: String) throws -> Int {
        guard let text = fields[name], let value = Int(text) else { throw PlatformError.param("\(name) must be an integer number of fen") }
        return value
    }

    private func v2Route(_ path: String, fields: [String: String], signType: String?) async throws -> [String: String] {
        let mchid = config.mchid
        switch path {
        case "/pay/unifiedorder":
            try required(fields, ["body", "out_trade_no", "total_fee", "spbill_create_ip", "notify_url", "trade_type"])
            guard fields["trade_type"] == "NATIVE" else {
                throw PlatformError.param("the simulator supports trade_type NATIVE only on API v2, got \(fields["trade_type"] ?? "")")
            }
            var parameters = PrepayParameters(
                tradeType: "NATIVE", isPartner: false, appid: fields["appid"], mchid: mchid, description: fields["body"],
                outTradeNo: fields["out_trade_no"], notifyURL: fields["notify_url"], total: try fen(fields, "total_fee"),
                currency: fields["fee_type"] ?? "CNY", timeExpire: fields["time_expire"], attach: fields["attach"],
                fingerprint: Self.fingerprint(fields))
            parameters.generation = .v2
            parameters.v2SignType = signType
            let order = try await engine.prepay(parameters, authorizedMchid: mchid)
            return ["trade_type": "NATIVE", "prepay_id": order.prepayID ?? "", "code_url": order.codeURL ?? ""]
        case "/pay/orderquery":
            return v2Transaction(try await v2Order(fields))
        case "/pay/closeorder":
            try required(fields, ["out_trade_no"])
            let number = fields["out_trade_no"] ?? ""
            let order = try await engine.order(outTradeNo: number, mchid: mchid)
            if order.tradeState == "CLOSED" {
                throw PlatformError(status: 400, code: "ORDER_CLOSED", message: "order \(number) is already closed")
            }
            _ = try await engine.close(outTradeNo: number, mchid: mchid, minimumAge: true)
            return [:]
        case "/secapi/pay/refund":
            try required(fields, ["out_refund_no", "total_fee", "refund_fee"])
            var parameters = RefundParameters(
                outTradeNo: fields["out_trade_no"], transactionID: fields["transaction_id"], outRefundNo: fields["out_refund_no"],
                reason: fields["refund_desc"], notifyURL: fields["notify_url"], refund: try fen(fields, "refund_fee"),
                total: try fen(fields, "total_fee"), currency: fields["refund_fee_type"] ?? "CNY",
                fingerprint: Self.fingerprint(fields))
            parameters.generation = .v2
            let refund = try await engine.createRefund(parameters)
            return [
                "transaction_id": refund.transactionID, "out_trade_no": refund.outTradeNo,
                "out_refund_no": refund.outRefundNo, "refund_id": refund.refundID, "refund_fee": String(refund.refund),
                "settlement_refund_fee": String(refund.refund), "total_fee": String(refund.total),
                "cash_fee": String(refund.total), "refund_channel": "ORIGINAL",
            ]
        case "/pay/refundquery":
            let refunds: [SimRefund]
            if let number = fields["out_refund_no"], !number.isEmpty {
                refunds = [try await engine.refund(outRefundNo: number)]
            } else if let id = fields["refund_id"], !id.isEmpty {
                refunds = [try await engine.refund(refundID: id)]
            } else {
                refunds = await engine.refunds(ofOrder: try await v2Order(fields).outTradeNo)
            }
            guard let first = refunds.first else { throw PlatformError(status: 404, code: "REFUNDNOTEXIST", message: "the order has no refund") }
            let order = try await engine.order(outTradeNo: first.outTradeNo, mchid: mchid)
            var answer: [String: String] = [
                "transaction_id": first.transactionID, "out_trade_no": first.outTradeNo, "total_fee": String(order.total),
                "cash_fee": String(order.payerTotal ?? order.total), "refund_count": String(refunds.count),
            ]
            for (index, refund) in refunds.enumerated() {
                answer["out_refund_no_\(index)"] = refund.outRefundNo
                answer["refund_id_\(index)"] = refund.refundID
                answer["refund_fee_\(index)"] = String(refund.refund)
                answer["refund_status_\(index)"] = V2Protocol.refundStatus(refund.status)
                answer["refund_channel_\(index)"] = "ORIGINAL"
                answer["refund_recv_accout_\(index)"] = "支付用户零钱"
                if let time = refund.successTime { answer["refund_success_time_\(index)"] = BeijingTime.spaced(time) }
            }
            return answer
        default:
            throw PlatformError(status: 404, code: "NOT_FOUND", message: "no such API")
        }
    }

    private func v2Order(_ fields: [String: String]) async throws -> SimOrder {
        if let id = fields["transaction_id"], !id.isEmpty { return try await engine.order(transactionID: id, mchid: config.mchid) }
        guard let number = fields["out_trade_no"], !number.isEmpty else {
            throw PlatformError(status: 400, code: "LACK_PARAMS", message: "transaction_id or out_trade_no is required")
        }
        return try await engine.order(outTradeNo: number, mchid: config.mchid)
    }

    private func v2Transaction(_ order: SimOrder) -> [String: String] {
        var answer: [String: String] = [
            "out_trade_no": order.outTradeNo, "trade_state": order.tradeState, "trade_state_desc": order.tradeStateDesc,
            "total_fee": String(order.total), "fee_type": "CNY", "trade_type": order.tradeType,
        ]
        if let transactionID = order.transactionID, let paidAt = order.successTime {
            answer["transaction_id"] = transactionID
            answer["time_end"] = BeijingTime.compact(paidAt)
            answer["openid"] = order.payerOpenid ?? ""
            answer["is_subscribe"] = "N"
            answer["bank_type"] = "OTHERS"
            answer["cash_fee"] = String(order.payerTotal ?? order.total)
            if let attach = order.attach { answer["attach"] = attach }
        }
        return answer
    }

    /// `/pay/downloadbill`: the raw CSV (gzip with `tar_type=GZIP`), or an XML failure.
    private func downloadBill(_ fields: [String: String]) async -> SimResponse {
        guard let compact = fields["bill_date"], compact.count == 8, let year = Int(compact.prefix(4)),
              let month = Int(compact.dropFirst(4).prefix(2)), let dayOfMonth = Int(compact.suffix(2))
        else { return xml(["return_code": "FAIL", "return_msg": "invalid bill_date, expected yyyyMMdd"]) }
        let day = String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
        let type = fields["bill_type"] ?? "ALL"
        guard ["ALL", "SUCCESS", "REFUND"].contains(type) else { return xml(["return_code": "FAIL", "return_msg": "invalid bill_type"]) }
        guard let content = BillWriter.tradeBill(orders: await engine.allOrders(), refunds: await engine.allRefunds(), day: day, type: type) else {
            return xml(["return_code": "FAIL", "return_msg": "No Bill Exist", "error_code": "20002"])
        }
        guard fields["tar_type"] == "GZIP" else {
            return SimResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]), body: content)
        }
        do {
            return SimResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/x-gzip")]), body: try Gzip.compress(content))
        } catch {
            return xml(["return_code": "FAIL", "return_msg": "SYSTEMERROR: \(error)"])
        }
    }
}
