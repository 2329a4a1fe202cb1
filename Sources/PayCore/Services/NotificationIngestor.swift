import Foundation
import GRDB
import Synchronization
import WeChatPay

/// The notification pipeline (DESIGN §7): check size, signature, envelope → decrypt → check merchant, app and
/// amount against the order → store the raw delivery with its verdict and apply it through the state machine in
/// one transaction → only then acknowledge. Every verdict is published as an event.
///
/// Throughput (docs/notification-ingest.md): the CPU work (RSA verification, AEAD, JSON) runs concurrently on
/// the caller's task; only the database work is serialized, and it is group-committed: the deliveries that
/// arrive while one transaction commits share the next one, so one fsync makes a whole batch durable. Each
/// delivery is answered only after ITS batch committed. Inside the batch every delivery, and its state-machine
/// work, is isolated (`BatchIsolation`: a savepoint when the batch has to be run again carefully), so a delivery
/// that fails while being applied is still stored (raw body, headers, verdict, outcome `error`) and answered 500
/// so that WeChat Pay retries. When the writer falls behind, a verified delivery is stored as `queued` and answered
/// at once, and applied afterwards in arrival order per order (`NotificationApplyPolicy`, NotificationBacklog.swift).
public final class NotificationIngestor: Sendable {
    let context: CoreContext
    let verifier: any ResponseValidating
    /// A verifier whose clock is the original arrival time, for `replay`.
    let replayVerifier: @Sendable (Date) -> any ResponseValidating
    let apiV3Key: Data
    let apiV2Key: String?
    /// Bodies above this size are refused with 413.
    public let maxBodyBytes: Int
    /// Whether a verified delivery is applied before it is answered or queued (`NotificationApplyPolicy`).
    public let applyPolicy: NotificationApplyPolicy
    let committer: GroupCommitter
    /// Deliveries received and not yet answered: how far ingestion is behind arrivals (`applyPolicy`).
    let inFlight = Atomic<Int>(0)
    let backlog = Locked(BacklogState())

    init(
        context: CoreContext, verifier: any ResponseValidating,
        replayVerifier: @escaping @Sendable (Date) -> any ResponseValidating, apiV3Key: Data, apiV2Key: String?,
        applyPolicy: NotificationApplyPolicy = .standard, maxBodyBytes: Int = 64 * 1024
    ) {
        self.applyPolicy = applyPolicy
        self.context = context
        self.verifier = verifier
        self.replayVerifier = replayVerifier
        self.apiV3Key = apiV3Key
        self.apiV2Key = apiV2Key
        self.maxBodyBytes = maxBodyBytes
        self.committer = GroupCommitter(store: context.store)
    }

    /// Runs one delivery through the pipeline and returns what to answer.
    public func ingest(_ notification: InboundNotification) async -> IngestOutcome {
        inFlight.add(1, ordering: .relaxed)
        return await store(await judge(notification, verifier: verifier, source: .notification))
    }

    /// Runs one delivery through the pipeline on a task of its own and hands what to answer to `answer` once it is
    /// durable, from the thread that made it so: the task ends as soon as the delivery is judged and queued for the
    /// writer, and nothing waits to be resumed (the listener's path: docs/performance.md, item 11). The delivery
    /// counts as in flight from this call, while its task may still wait for a thread.
    public func ingest(_ notification: InboundNotification, then answer: @escaping @Sendable (IngestOutcome) -> Void) {
        inFlight.add(1, ordering: .relaxed)
        Task { store(await judge(notification, verifier: verifier, source: .notification), then: answer) }
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
        var notification = Self.inbound(from: stored)
        notification.remoteAddress = "replay of #\(notificationRowID)"
        inFlight.add(1, ordering: .relaxed)
        return await store(await judge(notification, verifier: replayVerifier(stored.receivedAt), source: .replay))
    }

    /// The delivery a stored row holds, as it was received.
    static func inbound(from stored: NotificationRecord) -> InboundNotification {
        let kind: NotificationKind =
            stored.protocolVersion == "v3" ? .v3 : (stored.path?.hasSuffix("refund") == true ? .v2Refund : .v2Pay)
        return InboundNotification(
            kind: kind, path: stored.path ?? "/notify", headers: HeaderJSON.decode(stored.headersJSON),
            body: Data(stored.body.utf8), remoteAddress: stored.remoteAddress)
    }

    // MARK: - Pipeline

    /// A delivery with its protocol verdict, ready for the writer.
    private struct Judged: Sendable {
        var notification: InboundNotification
        var record: NotificationRecord
        var judgement: Judgement
        var settlement: NotificationSettlement
    }

    /// The CPU half of the pipeline (size, signature, decryption), which runs concurrently on the caller's task.
    private func judge(
        _ notification: InboundNotification, verifier: any ResponseValidating, source: SnapshotRecord.Source
    ) async -> Judged {
        var record = NotificationRecord(
            receivedAt: context.now(), headersJSON: HeaderJSON.encode(notification.headers),
            body: String(decoding: notification.body, as: UTF8.self),
            protocolVersion: notification.kind == .v3 ? "v3" : "v2", path: notification.path,
            remoteAddress: notification.remoteAddress)
        let judgement = await judge(notification, verifier: verifier)
        judgement.describe(&record)
        let settlement = NotificationSettlement(
            configuration: context.configuration, now: context.now(), source: source, judgement: judgement)
        return Judged(notification: notification, record: record, judgement: judgement, settlement: settlement)
    }

    /// `store(_:then:)` for a caller that waits.
    private func store(_ judged: Judged) async -> IngestOutcome {
        await withCheckedContinuation { continuation in store(judged) { continuation.resume(returning: $0) } }
    }

    /// The database half (every delivery counted in `inFlight` reaches it once): stores (and applies or queues) a
    /// judged delivery in the next group commit, then publishes what changed and hands the answer to `answer`.
    private func store(_ judged: Judged, then answer: @escaping @Sendable (IngestOutcome) -> Void) {
        let (record, judgement, settle, policy) = (judged.record, judged.judgement, judged.settlement, applyPolicy)
        let kind = judged.notification.kind
        committer.write({ [self] db, isolation in
            if case .apply(let action) = judgement.action,
                try policy.queues(inFlight: inFlight.load(ordering: .relaxed), outTradeNo: action.outTradeNo, in: db)
            {
                return try NotificationSettlement.queue(record, in: db)
            }
            return try settle.run(record, in: db, isolation: isolation)
        }, then: { [self] result in
            inFlight.subtract(1, ordering: .relaxed)
            switch result {
            case .success(let settled):
                publish(settled)
                if settled.record.outcome == NotificationVerdict.Outcome.queued { applyBacklog() }
                answer(self.answer(kind, record: settled.record, message: settled.record.outcomeDetail))
            case .failure(let error):
                // Not stored: refuse so that WeChat Pay delivers it again.
                context.logger.error("cannot store notification: \(error)")
                var record = record
                record.verdict = NotificationVerdict.rejected
                record.outcome = NotificationVerdict.Outcome.error
                record.outcomeDetail = "storage: \(error)"
                record.httpStatus = 500
                answer(self.answer(kind, record: record, message: "storage unavailable"))
            }
        })
    }

    /// The protocol's checks of one delivery: size, then signature and decryption (v3) or sign (v2).
    func judge(_ notification: InboundNotification, verifier: any ResponseValidating) async -> Judgement {
        if notification.body.count > maxBodyBytes {
            return .reject(413, "too_large", "body of \(notification.body.count) bytes exceeds \(maxBodyBytes)")
        }
        switch notification.kind {
        case .v3: return await judgeV3(notification, verifier: verifier)
        case .v2Pay: return judgeV2Pay(notification)
        case .v2Refund: return judgeV2Refund(notification)
        }
    }

    /// Publishes what the committed batch changed, then the verdict.
    func publish(_ settled: NotificationSettlement.Result) {
        if let order = settled.order {
            if let transition = settled.transition {
                context.publishChanges(order: order, transition: transition, refunds: settled.refunds)
            } else {
                context.events.publish(.orderUpdated(order))
            }
        }
        for (outTradeNo, message) in settled.alerts {
            context.events.publish(.alert(outTradeNo: outTradeNo, message: message))
        }
        context.events.publish(.notificationProcessed(settled.record))
    }

    // MARK: - Answers

    /// The HTTP answer for a finished record: success for 2xx, else a FAIL body carrying `message`.
    private func answer(_ kind: NotificationKind, record: NotificationRecord, message: String?) -> IngestOutcome {
        let status = record.httpStatus ?? 500
        let acknowledged = (200..<300).contains(status)
        switch kind {
        case .v3:
            let body = acknowledged ? Self.v3Success : Self.v3Failure(message ?? "FAIL")
            return IngestOutcome(httpStatus: status, contentType: "application/json", body: body, record: record)
        case .v2Pay, .v2Refund:
            let body = acknowledged ? V2NotificationAnswer.success : V2NotificationAnswer.failure(message ?? "FAIL")
            return IngestOutcome(httpStatus: status, contentType: "application/xml", body: body, record: record)
        }
    }

    /// Computed, not a `static let`: see `V2NotificationAnswer.success`.
    static var v3Success: Data { Data(#"{"code":"SUCCESS","message":"OK"}"#.utf8) }

    static func v3Failure(_ message: String) -> Data {
        Data(jsonText(["code": "FAIL", "message": String(message.prefix(200))]).utf8)
    }
}
