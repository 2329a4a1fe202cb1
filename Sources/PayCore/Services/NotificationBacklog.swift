import Foundation
import GRDB
import WeChatPay

/// When the ingestor applies a verified delivery: before answering (the 200 means "applied"), or after (the 200
/// means "stored durably, applied in arrival order as soon as the writer has time").
///
/// Applying costs the single writer far more than storing (the order row, its indexes, the search index, the
/// snapshot: docs/performance.md), so under a storm the writer, not verification, bounds the acknowledgement rate.
/// Storing the raw delivery first and applying it later is DESIGN §7's "store raw first" taken one step further:
/// WeChat Pay gets its answer at the cost of one row (and does not time out and resend), and the state machine
/// catches up when the storm has passed. Whatever the policy, a delivery is queued while older deliveries of the
/// same order are queued, so the state machine sees each order's deliveries in arrival order (a refund never
/// overtakes its payment); the orders are independent of each other.
public enum NotificationApplyPolicy: Sendable, Equatable {
    /// Apply before answering unless the order has queued deliveries (left by a crash, another process or policy).
    case inline
    /// Always store and answer first (tests and measurements of the queued path).
    case queued
    /// Apply before answering while deliveries are answered about as fast as they come; queue while `behindBy` or
    /// more are being ingested at once (received, not yet answered).
    case adaptive(behindBy: Int)

    /// The default. One cashier's payment is ingested alone; 16 at once means a storm, where the CPU, not the
    /// arrival rate, sets the pace. (A batch of 16 in one group commit, the signal before, came too late: a quarter
    /// of a storm's deliveries were still applied inline, each costing the writer about three queued ones.)
    public static let standard = NotificationApplyPolicy.adaptive(behindBy: 16)

    /// The policy a mode name stands for (`serve --apply`): `adaptive` (the standard one), `inline` or `queued`.
    public init?(mode: String) {
        switch mode {
        case "adaptive": self = .standard
        case "inline": self = .inline
        case "queued": self = .queued
        default: return nil
        }
    }

    /// Whether a delivery about `outTradeNo`, one of `inFlight` being ingested, is stored as `queued` rather than
    /// applied.
    func queues(inFlight: Int, outTradeNo: String, in db: Database) throws -> Bool {
        switch self {
        case .queued: return true
        case .adaptive(let behindBy) where inFlight >= behindBy: return true
        case .inline, .adaptive: return try Self.hasQueued(outTradeNo: outTradeNo, in: db)
        }
    }

    /// Whether deliveries of this order wait in the backlog.
    static func hasQueued(outTradeNo: String, in db: Database) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM notifications WHERE outcome = 'queued' AND out_trade_no = ?)")
        return try Bool.fetchOne(statement, arguments: [outTradeNo]) ?? false
    }
}

/// The backlog applier's bookkeeping: whether a drain task runs, and whether more was queued since it last looked.
struct BacklogState {
    var task: Task<Void, Never>?
    var kicked = false
    /// Set by `stopApplyingBacklog`: the core is shutting down and starts no new drain.
    var stopped = false
}

extension NotificationIngestor {
    /// Rows applied per background transaction once the listener is quiet: about 30 ms of the writer's time.
    static let backlogChunk = 128
    /// Rows per transaction while deliveries keep arriving (patience ran out): every delivery in flight waits for
    /// the chunk, so it is kept to a few milliseconds.
    static let backlogChunkUnderLoad = 16
    /// The applier starts on the backlog once no delivery has been submitted for this long, so that it runs after a
    /// storm, not in it, where it would take CPU and writer time from the acknowledgements…
    static let backlogQuiet = Duration.milliseconds(50)
    /// …or once its oldest delivery has waited this long: under load that does not stop, the backlog is applied
    /// alongside new deliveries, about this far behind them, rather than left to grow.
    static let backlogPatience: TimeInterval = 10

    /// Applies the `queued` rows, oldest first, in the background; returns at once. Called after a delivery was
    /// queued, and by the runtime once its listener is up (a crash may have left a backlog). One drain task at a time.
    public func applyBacklog() {
        backlog.withLock { state in
            state.kicked = true
            guard state.task == nil, !state.stopped else { return }
            state.task = Task { await self.drainBacklog() }
        }
    }

    /// Stops the applier (the rest of the backlog stays queued for the next start) and waits for it.
    public func stopApplyingBacklog() async {
        let task = backlog.withLock { state in
            state.stopped = true
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        await task?.value
    }

    /// Number of rows waiting to be applied.
    public func backlogCount() throws -> Int { try context.store.queuedNotificationCount() }

    /// Applies chunk after chunk until none is left. While one chunk is written and its WAL synced, the next is
    /// read, judged and queued behind it (two in flight, queued in order), so the writer does not wait for the
    /// applier nor the applier for the disk.
    private func drainBacklog() async {
        var failures = 0
        var after: Int64 = 0
        var inFlight: [WriteTicket<[NotificationSettlement.Result]>] = []
        func finishOldest() async throws {
            for result in try await inFlight.removeFirst().value() { publish(result) }
        }
        while !Task.isCancelled {
            backlog.withLock { $0.kicked = false }
            do {
                let rows = try await nextChunk(after: after)
                if let last = rows.last?.id {
                    inFlight.append(settle(await prepare(rows)))
                    after = last
                    failures = 0
                    if inFlight.count >= 2 { try await finishOldest() }
                    continue
                }
                while !inFlight.isEmpty { try await finishOldest() }
            } catch {
                // The store refused (disk full, locked by another process): the rows stay queued; try again later.
                while !inFlight.isEmpty { try? await finishOldest() }
                after = 0
                failures += 1
                context.logger.error("cannot apply queued notifications: \(error)")
                try? await Task.sleep(for: .seconds(min(30, 1 << min(failures, 5))))
                continue
            }
            // Nothing after the last chunk: look once more from the start (rows a failed pass left) before stopping.
            if after > 0 {
                after = 0
                continue
            }
            let done = backlog.withLock { state in
                if state.kicked { return false }
                state.task = nil
                return true
            }
            if done { return }
        }
        while !inFlight.isEmpty { try? await finishOldest() }
    }

    /// The oldest queued rows after row `after`: once the listener has been quiet for a moment, or once the oldest
    /// has waited `backlogPatience` (then a small chunk, applied alongside new deliveries). Empty: none, or cancelled.
    private func nextChunk(after: Int64) async throws -> [NotificationRecord] {
        func queued(_ count: Int) throws -> [NotificationRecord] {
            try context.store.read { db in
                try NotificationRecord.fetchAll(
                    db, sql: "SELECT * FROM notifications WHERE outcome = 'queued' AND id > ? ORDER BY id LIMIT ?",
                    arguments: [after, count])
            }
        }
        guard let first = try queued(1).first else { return [] }
        let waited = context.now().timeIntervalSince(first.receivedAt)
        if waited < Self.backlogPatience {
            await committer.waitUntilQuiet(for: Self.backlogQuiet, atMost: .seconds(Self.backlogPatience - waited))
            if Task.isCancelled { return [] }
        }
        return try queued(committer.isQuiet(for: Self.backlogQuiet) ? Self.backlogChunk : Self.backlogChunkUnderLoad)
    }

    /// Each row with what applying it will do.
    private func prepare(_ rows: [NotificationRecord]) async -> [(NotificationRecord, NotificationSettlement)] {
        let now = context.now()
        var prepared: [(NotificationRecord, NotificationSettlement)] = []
        for row in rows {
            let judgement = await judgeQueued(row)
            var judged = row
            judgement.describe(&judged)
            prepared.append((judged, NotificationSettlement(
                configuration: context.configuration, now: now, source: .notification, judgement: judgement)))
        }
        return prepared
    }

    /// What a queued row asks for. Only verified deliveries are queued, and the row holds what verification and
    /// decryption produced, so a v3 row is judged from its stored envelope and plaintext (no second RSA check or
    /// AEAD: applying stays cheap enough to catch up); a v2 row, whose checks are a keyed hash, is judged again
    /// from its body, as is anything the stored fields cannot rebuild.
    private func judgeQueued(_ row: NotificationRecord) async -> Judgement {
        if row.protocolVersion == "v3", let plaintext = row.decryptedResource,
            let envelope = try? NotificationEnvelope.decode(Data(row.body.utf8))
        {
            return judgeV3(DecodedNotification(envelope: envelope, plaintext: Data(plaintext.utf8)))
        }
        return await judge(Self.inbound(from: row), verifier: replayVerifier(row.receivedAt))
    }

    /// Queues the settlement of prepared rows as one background transaction.
    private func settle(
        _ prepared: [(NotificationRecord, NotificationSettlement)]
    ) -> WriteTicket<[NotificationSettlement.Result]> {
        committer.writeInBackground { db, isolation in
            var results: [NotificationSettlement.Result] = []
            for (row, settlement) in prepared {
                do {
                    try isolation.isolated(db) {
                        if let result = try settlement.runQueued(row, in: db, isolation: isolation) { results.append(result) }
                    }
                } catch {
                    // Not even its row could be completed: mark it failed so that it does not block the backlog.
                    var failed = row
                    failed.outcome = NotificationVerdict.Outcome.error
                    failed.outcomeDetail = "cannot apply the queued delivery: \(error)"
                    failed.processedAt = settlement.now
                    try failed.updateOutcome(db)
                    results.append(NotificationSettlement.Result(record: failed))
                }
            }
            return results
        }
    }
}
