import Foundation
import WeChatPay

extension SimulatorHandler {
    /// Every `/v3/` request: faults, authentication, routing, then the platform signature on the answer.
    func v3(_ request: SimRequest) async -> SimResponse {
        let segments = request.segments
        // /v3/certificates answers in certificate mode unless the client names the public key id.
        let fallback: SignatureMode? = segments == ["v3", "certificates"] ? .certificate : nil
        let mode = signing.mode(requestSerial: request.headers["Wechatpay-Serial"], fallback: fallback)
        var response: SimResponse
        let fault = await injectedFault()
        if case .gatewayError(let seconds) = fault { return Self.gatewayError(retryAfter: seconds) }
        if fault == .systemError {
            response = .error(.systemError)
        } else {
            switch authenticator.authenticate(method: request.method, canonicalURL: request.target, headers: request.headers, body: request.body) {
            case .failure(let error):
                response = .error(error)
            case .success(let mchid):
                do {
                    response = try await route(request, segments: segments, mchid: mchid)
                } catch let error as PlatformError {
                    response = .error(error)
                } catch {
                    logger.error("v3 handler failed", metadata: ["error": "\(error)"])
                    response = .error(PlatformError(status: 500, code: "SYSTEM_ERROR", message: "simulator error"))
                }
            }
            // The call happened; its answer is lost on the way back.
            if fault == .answerLost { response = .error(.systemError) }
        }
        do {
            for (name, value) in try signing.headers(body: response.body, mode: mode) { response.headers[name] = value }
        } catch {
            logger.error("cannot sign response", metadata: ["error": "\(error)"])
        }
        return response
    }

    private func route(_ request: SimRequest, segments: [String], mchid: String) async throws -> SimResponse {
        let method = request.method
        let prepayTypes = ["native": "NATIVE", "jsapi": "JSAPI", "app": "APP"]
        let rest = Array(segments.dropFirst())
        func on(_ verb: String, _ pattern: String) -> [String]? {
            method == verb ? PathPattern.match(rest, pattern) : nil
        }
        if let c = on("POST", "pay/transactions/*"), let type = prepayTypes[c[0]] {
            return try await prepay(request, tradeType: type, partner: false, mchid: mchid)
        }
        if let c = on("POST", "pay/partner/transactions/*"), let type = prepayTypes[c[0]] {
            return try await prepay(request, tradeType: type, partner: true, mchid: mchid)
        }
        if let c = on("GET", "pay/transactions/out-trade-no/*") {
            let query = try directQuery(request, mchid: mchid)
            return .json(200, WireViews.transaction(try await engine.order(outTradeNo: c[0], mchid: query)))
        }
        if let c = on("GET", "pay/transactions/id/*") {
            let query = try directQuery(request, mchid: mchid)
            return .json(200, WireViews.transaction(try await engine.order(transactionID: c[0], mchid: query)))
        }
        if let c = on("GET", "pay/partner/transactions/out-trade-no/*") {
            let sub = try partnerQuery(request, mchid: mchid)
            return .json(200, WireViews.transaction(try await engine.order(outTradeNo: c[0], mchid: mchid, subMchid: sub)))
        }
        if let c = on("GET", "pay/partner/transactions/id/*") {
            let sub = try partnerQuery(request, mchid: mchid)
            return .json(200, WireViews.transaction(try await engine.order(transactionID: c[0], mchid: mchid, subMchid: sub)))
        }
        if let c = on("POST", "pay/transactions/out-trade-no/*/close") {
            let fields = try JSONFields(body: request.body)
            let bodyMchid = try fields.requiredString("mchid")
            guard bodyMchid == mchid else { throw PlatformError.param("mchid \(bodyMchid) does not match the Authorization mchid") }
            _ = try await engine.close(outTradeNo: c[0], mchid: mchid)
            return SimResponse(status: 204)
        }
        if let c = on("POST", "pay/partner/transactions/out-trade-no/*/close") {
            let fields = try JSONFields(body: request.body)
            let spMchid = try fields.requiredString("sp_mchid")
            guard spMchid == mchid else { throw PlatformError.param("sp_mchid \(spMchid) does not match the Authorization mchid") }
            let sub = try Validation.subMchid(try fields.string("sub_mchid"))
            _ = try await engine.close(outTradeNo: c[0], mchid: mchid, subMchid: sub)
            return SimResponse(status: 204)
        }
        if on("POST", "refund/domestic/refunds") != nil {
            let refund = try await engine.createRefund(try RefundParameters.v3(body: request.body))
            let order = try? await engine.order(outTradeNo: refund.outTradeNo, mchid: mchid, subMchid: refund.subMchid)
            return .json(200, WireViews.refund(refund, order: order))
        }
        if let c = on("GET", "refund/domestic/refunds/*") {
            let refund = try await engine.refund(outRefundNo: c[0], subMchid: request.query["sub_mchid"])
            let order = try? await engine.order(outTradeNo: refund.outTradeNo, mchid: mchid, subMchid: refund.subMchid)
            return .json(200, WireViews.refund(refund, order: order))
        }
        if let c = on("POST", "refund/domestic/refunds/*/apply-abnormal-refund") {
            return try await abnormalRefund(request, refundID: c[0], mchid: mchid)
        }
        if on("GET", "certificates") != nil { return try certificates() }
        if on("GET", "bill/tradebill") != nil { return try await bill(request, fundFlow: false) }
        if on("GET", "bill/fundflowbill") != nil { return try await bill(request, fundFlow: true) }
        if on("GET", "billdownload/file") != nil {
            guard let token = request.query["token"], let data = await bills.file(token) else {
                throw PlatformError.invalid("bill download token is unknown or expired (tokens live 5 minutes)")
            }
            return SimResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]), body: data)
        }
        throw PlatformError(status: 404, code: "NOT_FOUND", message: "no such API: \(method) \(request.path)")
    }

    private func prepay(_ request: SimRequest, tradeType: String, partner: Bool, mchid: String) async throws -> SimResponse {
        let parameters = try PrepayParameters.v3(body: request.body, tradeType: tradeType, isPartner: partner)
        let order = try await engine.prepay(parameters, authorizedMchid: mchid)
        if let codeURL = order.codeURL { return .json(200, ["code_url": codeURL]) }
        return .json(200, ["prepay_id": order.prepayID ?? ""])
    }

    /// `?mchid=` of direct queries, which must name the authorised merchant.
    private func directQuery(_ request: SimRequest, mchid: String) throws -> String {
        guard let given = request.query["mchid"], !given.isEmpty else { throw PlatformError.param("query parameter mchid is required") }
        guard given == mchid else { throw PlatformError.param("query mchid \(given) does not match the Authorization mchid") }
        return given
    }

    /// `?sp_mchid=&sub_mchid=` of partner queries; returns the sub-merchant.
    private func partnerQuery(_ request: SimRequest, mchid: String) throws -> String {
        guard let spMchid = request.query["sp_mchid"], !spMchid.isEmpty else { throw PlatformError.param("query parameter sp_mchid is required") }
        guard spMchid == mchid else { throw PlatformError.param("query sp_mchid \(spMchid) does not match the Authorization mchid") }
        return try Validation.subMchid(request.query["sub_mchid"])
    }

    private func abnormalRefund(_ request: SimRequest, refundID: String, mchid: String) async throws -> SimResponse {
        let fields = try JSONFields(body: request.body)
        let outRefundNo = try fields.requiredString("out_refund_no")
        let type = try fields.requiredString("type")
        guard type == "USER_BANK_CARD" || type == "MERCHANT_BANK_CARD" else {
            throw PlatformError.param("type must be USER_BANK_CARD or MERCHANT_BANK_CARD")
        }
        let encrypted = ["bank_account", "real_name"]
        let given = try encrypted.filter { try fields.string($0) != nil }
        if type == "USER_BANK_CARD" {
            _ = try fields.requiredString("bank_type")
            for name in encrypted where !given.contains(name) { throw PlatformError.param("\(name) is required for USER_BANK_CARD") }
        }
        if !given.isEmpty {
            guard let serial = request.headers["Wechatpay-Serial"],
                  serial == signing.publicKeyID || serial.caseInsensitiveCompare(signing.certificateSerial) == .orderedSame
            else { throw PlatformError.param("Wechatpay-Serial must name the platform key that encrypted bank_account/real_name") }
            for name in given {
                guard let text = try fields.string(name), let ciphertext = Data(base64Encoded: text),
                      let plaintext = try? platformKey.decryptOAEP(ciphertext), !plaintext.isEmpty
                else { throw PlatformError.param("\(name) is not RSA-OAEP ciphertext under the platform public key") }
            }
        }
        let refund = try await engine.applyAbnormalRefund(refundID: refundID, outRefundNo: outRefundNo)
        let order = try? await engine.order(outTradeNo: refund.outTradeNo, mchid: mchid, subMchid: refund.subMchid)
        return .json(200, WireViews.refund(refund, order: order))
    }

    /// `/v3/certificates`: the platform certificate, AEAD-encrypted under the APIv3 key.
    private func certificates() throws -> SimResponse {
        let nonce = Nonce.make(length: 12)
        let ciphertext = try AEADAES256GCM.encrypt(
            plaintext: Data(platformCertificate.pem.utf8), key: Data(config.apiV3Key.utf8), nonce: nonce,
            associatedData: "certificate")
        let entry: [String: Any] = [
            "serial_no": platformCertificate.serialNumber,
            "effective_time": BeijingTime.rfc3339(platformCertificate.notBefore),
            "expire_time": BeijingTime.rfc3339(platformCertificate.notAfter),
            "encrypt_certificate": [
                "algorithm": "AEAD_AES_256_GCM", "nonce": nonce, "associated_data": "certificate", "ciphertext": ciphertext,
            ],
        ]
        return .json(200, ["data": [entry]])
    }

    /// Trade or fund-flow bill: `{hash_type, hash_value, download_url}`.
    private func bill(_ request: SimRequest, fundFlow: Bool) async throws -> SimResponse {
        let query = request.query
        guard let day = query["bill_date"], !day.isEmpty else { throw PlatformError.param("bill_date is required") }
        guard let start = BeijingTime.parseDay(day) else { throw PlatformError.param("bill_date must be yyyy-MM-dd, got \"\(day)\"") }
        guard start <= Date() else { throw PlatformError.param("bill_date \(day) is in the future") }
        if let tar = query["tar_type"], tar != "GZIP" { throw PlatformError.param("tar_type must be GZIP when given") }
        let orders = await engine.allOrders()
        let refunds = await engine.allRefunds()
        let content: Data?
        if fundFlow {
            let account = query["account_type"] ?? "BASIC"
            guard ["BASIC", "OPERATION", "FEES"].contains(account) else { throw PlatformError.param("account_type must be BASIC, OPERATION or FEES") }
            content = account == "BASIC" ? BillWriter.fundFlowBill(orders: orders, refunds: refunds, day: day) : nil
        } else {
            let type = query["bill_type"] ?? "ALL"
            guard ["ALL", "SUCCESS", "REFUND"].contains(type) else { throw PlatformError.param("bill_type must be ALL, SUCCESS or REFUND") }
            content = BillWriter.tradeBill(orders: orders, refunds: refunds, day: day, type: type)
        }
        guard let content else {
            throw PlatformError(status: 400, code: "NO_STATEMENT_EXIST", message: "no bill for \(day): nothing happened that day")
        }
        let file = query["tar_type"] == "GZIP" ? try Gzip.compress(content) : content
        let token = await bills.issue(file)
        return .json(200, [
            "hash_type": "SHA1", "hash_value": Digest.sha1(content).hexString,
            "download_url": baseURL(of: request) + "/v3/billdownload/file?token=" + token,
        ])
    }
}
