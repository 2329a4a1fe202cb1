import Foundation
import GRDB
import WeChatPay

/// The notification pipeline (DESIGN §7): store raw → check size, signature, envelope → decrypt → check
/// merchant, app and amount against the order → apply through the state machine in the same transaction that
/// marks the notification processed → only then acknowledge. Every verdict is published as an event.
public actor NotificationIngestor {
    let context: CoreContext
    let verifier: any ResponseValidating
    /// A verifier whose clock is the original arrival time, for `replay`.
    let replayVerifier: @Sendable (Date) -> any ResponseValidating
    let apiV3Key: Data
    let apiV2Key: String?
    /// Bodies above this size are refused with 413.
    public let maxBodyBytes: Int

    init(
        context: CoreContext, verifier: any ResponseValidating,
        replayVerifier: @escaping @Sendable (Date) -> any ResponseValidating, apiV3Key: Data, apiV2Key: String?,
        maxBodyBytes: Int = 64 * 1024
    ) {
        self.context = context
        self.verifier = verifier
        self.replayVerifier = replayVerifier
        self.apiV3Key = apiV3Key
        self.apiV2Key = apiV2Key
        self.maxBodyBytes = maxBodyBytes
    }

    /// Runs one delivery through the pipeline and returns what to answer.
    public func ingest(_ notification: InboundNotification) async -> IngestOutcome {
        await process(notification, verifier: verifier, source: .notification)
    }

    /// Runs a stored delivery's raw headers and body through the pipeline again (signature time checked against
    /// the original arrival); the result is stored as a new row: a duplicate, or a fresh evaluation.
    public func replay(notificationRowID: Int64) async -> IngestOutcome {
        guard let stored = try? context.store.notification(id: notificationRowID) else {
            var missing = NotificationRecord(receivedAt: context.now(), headersJSON: "{}", body: "")
            missing.verdict = NotificationVerdict.rejected
            missing.verdictDetail = "not_found"
            missing.outcome = NotificationVerdict.Outcome.error
            missing.outcomeDetail = "no stored notification \(notificationRowID)"
            return IngestOutcome(httpStatus: 404, contentType: "application/json", body: Self.v3Failure("not found"), record: missing)
        }
        let kind: NotificationKind =
            stored.protocolVersion == "v3" ? .v3 : (stored.path?.hasSuffix("refund") == true ? .v2Refund : .v2Pay)
        let notification = InboundNotification(
            kind: kind, path: stored.path ?? "/notify", headers: HeaderJSON.decode(stored.headersJSON),
            body: Data(stored.body.utf8), remoteAddress: "replay of #\(notificationRowID)")
        return await process(notification, verifier: replayVerifier(stored.receivedAt), source: .replay)
    }

    // MARK: - Pipeline

    private func process(
        _ notification: InboundNotification, verifier: any ResponseValidating, source: SnapshotRecord.Source
    ) async -> IngestOutcome {
        var record = NotificationRecord(
            receivedAt: context.now(), headersJSON: HeaderJSON.encode(notification.headers),
            body: String(decoding: notification.body, as: UTF8.self),
            protocolVersion: notification.kind == .v3 ? "v3" : "v2", path: notification.path,
            remoteAddress: notification.remoteAddress)
        do {
            record = try context.store.insertRawNotification(record)
        } catch {
            // Not stored: refuse so that WeChat Pay delivers it again.
            context.logger.error("cannot store notification: \(error)")
            record.verdict = NotificationVerdict.rejected
            record.outcome = NotificationVerdict.Outcome.error
            record.outcomeDetail = "storage: \(error)"
            return answer(notification.kind, status: 500, message: "storage unavailable", record: record, save: false)
        }
        guard notification.body.count <= maxBodyBytes else {
            return reject(notification.kind, &record, status: 413, detail: "too_large",
                          message: "body of \(notification.body.count) bytes exceeds \(maxBodyBytes)")
        }
        let judgement: Judgement
        switch notification.kind {
        case .v3: judgement = await judgeV3(notification, verifier: verifier)
        case .v2Pay: judgement = judgeV2Pay(notification)
        case .v2Refund: judgement = judgeV2Refund(notification)
        }
        judgement.describe(&record)
        guard case .apply(let action) = judgement.action else {
            if case .reject(let status, let detail, let message) = judgement.action {
                return reject(notification.kind, &record, status: status, detail: detail, message: message)
            }
            return reject(notification.kind, &record, status: 400, detail: "unsupported", message: "unsupported")
        }
        if let original = duplicateOf(record) {
            record.verdict = NotificationVerdict.verified
            record.outcome = NotificationVerdict.Outcome.duplicate
            record.outcomeDetail = "already processed as #\(original)"
            record.httpStatus = 200
            record.processedAt = context.now()
            do {
                try context.store.recordDuplicate(record, of: original)
                record.duplicateOf = original
            } catch {
                context.logger.warning("cannot record duplicate: \(error)")
            }
            return answer(notification.kind, status: 200, message: nil, record: record, save: false)
        }
        return apply(action, kind: notification.kind, record: &record, source: source)
    }

    /// Row id of an earlier, acknowledged delivery of the same notification id.
    private func duplicateOf(_ record: NotificationRecord) -> Int64? {
        guard let notificationID = record.notificationID, let id = record.id else { return nil }
        return try? context.store.read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM notifications WHERE notification_id = ? AND id <> ? AND duplicate_of IS NULL
                    AND outcome IN ('applied', 'ignored') ORDER BY id LIMIT 1
                    """, arguments: [notificationID, id])
        }
    }

    /// Checks the facts against the order, then applies them and marks the row processed in one transaction.
    private func apply(
        _ action: ApplyAction, kind: NotificationKind, record: inout NotificationRecord, source: SnapshotRecord.Source
    ) -> IngestOutcome {
        let configuration = context.configuration
        guard let order = try? context.store.order(outTradeNo: action.outTradeNo) else {
            record.verdict = NotificationVerdict.verified
            return finish(kind, &record, outcome: NotificationVerdict.Outcome.ignored,
                          detail: "unknown order \(action.outTradeNo)", status: 200)
        }
        var mismatches: [String] = []
        if let mchid = action.mchid, mchid != configuration.mchid { mismatches.append("mchid \(mchid)") }
        if let appid = action.appid, appid != configuration.appid { mismatches.append("appid \(appid)") }
        if let subMchid = action.subMchid, let partner = configuration.partner, subMchid != partner.subMchid {
            mismatches.append("sub_mchid \(subMchid)")
        }
        if let total = action.total, total != order.total {
            mismatches.append("amount \(total) fen, order is \(order.total) fen")
        }
        if let refund = action.refund, let amount = action.refundAmount,
            let stored = try? context.store.refund(outRefundNo: refund.outRefundNo), stored.amount != amount
        {
            mismatches.append("refund amount \(amount) fen, requested \(stored.amount) fen")
        }
        guard mismatches.isEmpty else {
            let message = "notification does not match the order: " + mismatches.joined(separator: ", ")
            context.events.publish(.alert(outTradeNo: order.outTradeNo, message: message))
            return reject(kind, &record, status: 400, detail: "mismatch", message: message)
        }
        record.verdict = NotificationVerdict.verified
        let now = context.now()
        let snapshot = SnapshotRecord(
            kind: action.refund == nil ? .transaction : .refund, source: source, json: action.snapshotJSON,
            takenAt: now, outTradeNo: action.outTradeNo, outRefundNo: action.refund?.outRefundNo)
        var finished = record
        let transition: Transition
        do {
            transition = try context.store.write { db in
                let transition = try Store.applyFact(outTradeNo: action.outTradeNo, fact: action.fact, now: now, in: db)
                if let refund = action.refund { try Self.saveRefundDetails(refund, in: db) }
                _ = try Store.insertSnapshot(snapshot, in: db)
                switch transition.outcome {
                case .applied:
                    finished.outcome = NotificationVerdict.Outcome.applied
                    finished.outcomeDetail = "\(transition.from.rawValue) → \(transition.to.rawValue)"
                case .unchanged:
                    finished.outcome = NotificationVerdict.Outcome.ignored
                    finished.outcomeDetail = "already known (\(transition.to.rawValue))"
                case .refused(let reason):
                    finished.outcome = NotificationVerdict.Outcome.ignored
                    finished.outcomeDetail = "refused by the state machine: \(reason)"
                }
                finished.httpStatus = 200
                finished.processedAt = now
                try Store.updateNotification(finished, in: db)
                return transition
            }
        } catch {
            return finish(kind, &record, outcome: NotificationVerdict.Outcome.error, detail: "\(error)", status: 500)
        }
        record = finished
        if let updated = try? context.store.order(outTradeNo: action.outTradeNo) {
            context.publishChanges(order: updated, transition: transition)
        }
        if let refund = action.refund, refund.status == "ABNORMAL" {
            context.events.publish(
                .alert(outTradeNo: action.outTradeNo,
                       message: "refund \(refund.outRefundNo) is ABNORMAL: apply for an abnormal refund"))
        }
        return answer(kind, status: 200, message: nil, record: record, save: false)
    }

    /// Stores refund fields learned from a notification (status itself moves through the state machine).
    private static func saveRefundDetails(_ refund: GatewayRefund, in db: Database) throws {
        guard var stored = try RefundRecord.filter(Column("out_refund_no") == refund.outRefundNo).fetchOne(db) else {
            return
        }
        stored.refundID = refund.refundID ?? stored.refundID
        stored.userReceivedAccount = refund.userReceivedAccount ?? stored.userReceivedAccount
        stored.payerRefund = refund.payerRefund ?? stored.payerRefund
        stored.succeededAt = refund.successTime ?? stored.succeededAt
        try stored.update(db)
    }

    // MARK: - Answers

    private func reject(
        _ kind: NotificationKind, _ record: inout NotificationRecord, status: Int, detail: String, message: String
    ) -> IngestOutcome {
        record.verdict = NotificationVerdict.rejected
        record.verdictDetail = detail
        if record.decryptVerdict == nil { record.decryptVerdict = NotificationVerdict.Decrypt.skipped }
        return finish(kind, &record, outcome: NotificationVerdict.Outcome.rejected, detail: message, status: status)
    }

    private func finish(
        _ kind: NotificationKind, _ record: inout NotificationRecord, outcome: String, detail: String, status: Int
    ) -> IngestOutcome {
        record.outcome = outcome
        record.outcomeDetail = detail
        return answer(kind, status: status, message: (200..<300).contains(status) ? nil : detail, record: record, save: true)
    }

    /// Saves the final row (unless already saved in the applying transaction), publishes it, builds the answer.
    private func answer(
        _ kind: NotificationKind, status: Int, message: String?, record: NotificationRecord, save: Bool
    ) -> IngestOutcome {
        var record = record
        record.httpStatus = status
        record.processedAt = record.processedAt ?? context.now()
        if save, record.id != nil {
            do {
                try context.store.updateNotification(record)
            } catch {
                context.logger.error("cannot save notification verdict: \(error)")
            }
        }
        context.events.publish(.notificationProcessed(record))
        let acknowledged = (200..<300).contains(status)
        switch kind {
        case .v3:
            let body = acknowledged ? Data(#"{"code":"SUCCESS","message":"OK"}"#.utf8) : Self.v3Failure(message ?? "FAIL")
            return IngestOutcome(httpStatus: status, contentType: "application/json", body: body, record: record)
        case .v2Pay, .v2Refund:
            let body = acknowledged ? V2NotificationAnswer.success : V2NotificationAnswer.failure(message ?? "FAIL")
            return IngestOutcome(httpStatus: status, contentType: "application/xml", body: body, record: record)
        }
    }

    static func v3Failure(_ message: String) -> Data {
        Data(jsonText(["code": "FAIL", "message": String(message.prefix(200))]).utf8)
    }
}
