import Foundation
import WeChatPay

/// What the ingestor will do with an order after a delivery passed its checks.
struct ApplyAction: Sendable {
    var outTradeNo: String
    var fact: OrderFact
    /// The decrypted object, stored as a snapshot.
    var snapshotJSON: String
    /// Merchant, app and amounts the notification names, compared with the configuration and the order.
    var mchid: String?
    var appid: String?
    var subMchid: String?
    var total: Int?
    /// Refund notifications: the refund as reported, and its amount.
    var refund: GatewayRefund?
    var refundAmount: Int?
}

/// The result of the protocol-specific checks of a delivery.
struct Judgement: Sendable {
    enum Action: Sendable {
        case reject(status: Int, detail: String, message: String)
        case apply(ApplyAction)
    }

    var action: Action
    var decryptVerdict: String?
    var notificationID: String?
    var eventType: String?
    var resourceType: String?
    var summary: String?
    var outTradeNo: String?
    var outRefundNo: String?
    var decryptedResource: String?

    static func reject(_ status: Int, _ detail: String, _ message: String, decrypt: String? = nil) -> Judgement {
        Judgement(action: .reject(status: status, detail: detail, message: message), decryptVerdict: decrypt)
    }

    /// Copies what was learned into the row.
    func describe(_ record: inout NotificationRecord) {
        record.decryptVerdict = decryptVerdict
        record.notificationID = notificationID
        record.eventType = eventType
        record.resourceType = resourceType
        record.summary = summary
        record.outTradeNo = outTradeNo
        record.outRefundNo = outRefundNo
        record.decryptedResource = decryptedResource
    }
}

extension NotificationIngestor {
    /// v3: signature (with certificate refresh on unknown serial) → envelope → AEAD → transaction or refund.
    func judgeV3(_ notification: InboundNotification, verifier: any ResponseValidating) async -> Judgement {
        let decoder = NotificationDecoder(verifier: verifier, apiV3Key: apiV3Key, maxBodyBytes: maxBodyBytes)
        let decoded: DecodedNotification
        do {
            decoded = try await decoder.decode(headers: notification.headers, body: notification.body)
        } catch NotificationError.tooLarge(let size) {
            return .reject(413, "too_large", "body of \(size) bytes is too large")
        } catch NotificationError.signature(let error) {
            return .reject(401, NotificationVerdict.detail(error), "\(error)")
        } catch NotificationError.notJSON {
            return .reject(400, "not_json", "body is not a notification envelope")
        } catch NotificationError.unsupportedResource(let what) {
            return .reject(400, "unsupported_resource", "unsupported resource \(what)")
        } catch NotificationError.decryption {
            var judgement = Judgement.reject(400, "decrypt_failed", "cannot decrypt the resource", decrypt: NotificationVerdict.Decrypt.failed)
            if let envelope = try? JSONDecoder().decode(NotificationEnvelope.self, from: notification.body) {
                judgement.notificationID = envelope.id
                judgement.eventType = envelope.eventType
                judgement.resourceType = envelope.resourceType
                judgement.summary = envelope.summary
            }
            return judgement
        } catch {
            return .reject(400, "bad_signature", "\(error)")
        }
        return judgeV3(decoded)
    }

    /// v3 after signature and decryption: the transaction or refund the resource holds. Also how a queued delivery
    /// is judged again when it is applied: it was verified and decrypted before it was stored.
    func judgeV3(_ decoded: DecodedNotification) -> Judgement {
        let envelope = decoded.envelope
        var judgement = Judgement(
            action: .reject(status: 400, detail: "unsupported_event", message: "event \(envelope.eventType) is not handled"),
            decryptVerdict: NotificationVerdict.Decrypt.ok, notificationID: envelope.id, eventType: envelope.eventType,
            resourceType: envelope.resourceType, summary: envelope.summary,
            decryptedResource: String(decoding: decoded.plaintext, as: UTF8.self))
        if envelope.eventType.hasPrefix("TRANSACTION.") {
            guard let transaction = try? decoded.transaction() else {
                judgement.action = .reject(status: 400, detail: "not_json", message: "resource is not a transaction")
                return judgement
            }
            let gateway = GatewayTransaction(transaction, json: judgement.decryptedResource)
            judgement.outTradeNo = transaction.outTradeNo
            judgement.action = .apply(
                ApplyAction(
                    outTradeNo: transaction.outTradeNo, fact: .observedTradeState(gateway.observation),
                    snapshotJSON: judgement.decryptedResource ?? gateway.json, mchid: transaction.mchid ?? transaction.spMchid,
                    appid: transaction.appid ?? transaction.spAppid, subMchid: transaction.subMchid, total: gateway.total))
        } else if envelope.eventType.hasPrefix("REFUND.") {
            guard let resource = try? JSONDecoder().decode(RefundNotificationResource.self, from: decoded.plaintext),
                let outTradeNo = resource.outTradeNo
            else {
                judgement.action = .reject(status: 400, detail: "not_json", message: "resource is not a refund")
                return judgement
            }
            let refund = GatewayRefund(
                outRefundNo: resource.outRefundNo, outTradeNo: outTradeNo, refundID: resource.refundID,
                status: resource.refundStatus.rawValue, amount: resource.amount.refund,
                userReceivedAccount: resource.userReceivedAccount, payerRefund: resource.amount.payerRefund,
                successTime: resource.successTime.flatMap(WeChatPayTime.parse), json: judgement.decryptedResource ?? "{}")
            judgement.outTradeNo = outTradeNo
            judgement.outRefundNo = resource.outRefundNo
            guard let fact = CoreContext.refundFact(
                status: refund.status, outRefundNo: refund.outRefundNo, amount: refund.amount, refundID: refund.refundID)
            else {
                judgement.action = .reject(status: 400, detail: "unsupported_event", message: "refund status \(refund.status)")
                return judgement
            }
            judgement.action = .apply(
                ApplyAction(
                    outTradeNo: outTradeNo, fact: fact, snapshotJSON: refund.json,
                    mchid: resource.mchid ?? resource.spMchid, subMchid: resource.subMchid, total: resource.amount.total,
                    refund: refund, refundAmount: refund.amount))
        }
        return judgement
    }

    /// v2 payment result: XML (DOCTYPE refused) → `sign` checked with the APIv2 key.
    func judgeV2Pay(_ notification: InboundNotification) -> Judgement {
        guard let apiV2Key else { return .reject(400, "v2_not_configured", "no APIv2 key configured") }
        let parsed: V2PayNotification
        do {
            parsed = try V2PayNotification.parse(notification.body, signer: V2Signer(apiKey: apiV2Key))
        } catch let error as XMLCodecError {
            if case .doctypeForbidden = error { return .reject(400, "xxe", "XML with a DOCTYPE is refused") }
            return .reject(400, "not_xml", "\(error)")
        } catch V2Error.badSignature {
            return .reject(401, "bad_signature", "sign does not verify")
        } catch {
            return .reject(400, "not_success", "\(error)")
        }
        let succeeded = parsed.resultCode == "SUCCESS"
        let observation = TradeObservation(
            tradeState: succeeded ? "SUCCESS" : "PAYERROR", tradeStateDescription: parsed.fields["err_code_des"],
            transactionID: parsed.transactionID, payerTotal: parsed.cashFee, payerOpenID: parsed.openid,
            successTime: parsed.timeEnd.flatMap(V2Time.parse))
        let json = jsonText(fields: parsed.fields.filter { $0.key != "sign" })
        var judgement = Judgement(
            action: .apply(
                ApplyAction(
                    outTradeNo: parsed.outTradeNo, fact: .observedTradeState(observation), snapshotJSON: json,
                    mchid: parsed.mchID, appid: parsed.appid, total: parsed.totalFee)),
            decryptVerdict: NotificationVerdict.Decrypt.skipped,
            notificationID: "v2-pay-\(parsed.transactionID)-\(parsed.resultCode)", eventType: succeeded ? "TRANSACTION.SUCCESS" : "TRANSACTION.PAYERROR",
            resourceType: "xml", summary: parsed.resultCode, outTradeNo: parsed.outTradeNo, decryptedResource: json)
        judgement.outTradeNo = parsed.outTradeNo
        return judgement
    }

    /// v2 refund result: XML → `req_info` decrypted with AES-256-ECB (key: MD5 of the APIv2 key).
    func judgeV2Refund(_ notification: InboundNotification) -> Judgement {
        guard let apiV2Key else { return .reject(400, "v2_not_configured", "no APIv2 key configured") }
        let parsed: V2RefundNotification
        do {
            parsed = try V2RefundNotification.parse(notification.body, apiKey: apiV2Key)
        } catch let error as XMLCodecError {
            if case .doctypeForbidden = error { return .reject(400, "xxe", "XML with a DOCTYPE is refused") }
            return .reject(400, "not_xml", "\(error)")
        } catch is CryptoError {
            return .reject(400, "decrypt_failed", "cannot decrypt req_info", decrypt: NotificationVerdict.Decrypt.failed)
        } catch {
            return .reject(400, "decrypt_failed", "\(error)", decrypt: NotificationVerdict.Decrypt.failed)
        }
        let info = parsed.info
        let status = V2Gateway.refundStatus(info.refundStatus)
        let json = jsonText(fields: info.fields)
        let refund = GatewayRefund(
            outRefundNo: info.outRefundNo, outTradeNo: info.outTradeNo, refundID: info.refundID, status: status,
            amount: info.refundFee, userReceivedAccount: info.refundReceiveAccount,
            successTime: info.successTime.flatMap { V2Time.parse($0) }, json: json)
        guard let fact = CoreContext.refundFact(
            status: status, outRefundNo: info.outRefundNo, amount: info.refundFee, refundID: info.refundID)
        else { return .reject(400, "unsupported_event", "refund status \(info.refundStatus)") }
        return Judgement(
            action: .apply(
                ApplyAction(
                    outTradeNo: info.outTradeNo, fact: fact, snapshotJSON: json, mchid: parsed.mchID,
                    appid: parsed.appid, total: info.totalFee, refund: refund, refundAmount: info.refundFee)),
            decryptVerdict: NotificationVerdict.Decrypt.ok,
            notificationID: "v2-refund-\(info.refundID)-\(status)", eventType: "REFUND.\(status)", resourceType: "xml",
            summary: status, outTradeNo: info.outTradeNo, outRefundNo: info.outRefundNo, decryptedResource: json)
    }
}
