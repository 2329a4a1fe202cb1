import Foundation
import GRDB

/// When the ingestor applies a verified delivery: before answering (the 200 means "applied"), or after (the 200
/// means "stored durably, applied in arrival order as soon as the writer has time").
///
/// Applying costs the single writer far more than storing (the order row, its indexes, the search index, the
/// snapshot: docs/performance.md), so under a storm the writer, not verification, bounds the acknowledgement rate.
/// Storing the raw delivery first and applying it later is DESIGN §7's "store raw first" taken one step further:
/// WeChat Pay gets its answer at the cost of one row, and the state machine catches up when the storm has passed.
/// Whatever the policy, a delivery is queued while older ones wait, so the state machine always sees deliveries in
/// arrival order.
public enum NotificationApplyPolicy: Sendable, Equatable {
    /// Apply before answering unless a backlog exists (left by a crash, another process or another policy).
    case inline
    /// Always store and answer first (tests and measurements of the queued path).
    case queued
    /// Apply before answering while the writer keeps up; queue once a batch holds `behindBy` deliveries or more.
    case adaptive(behindBy: Int)

    /// The default: a batch of 16 means 16 deliveries arrived while the previous batch was being written.
    public static let standard = NotificationApplyPolicy.adaptive(behindBy: 16)

    /// Whether the delivery in a batch of `batchSize` is stored as `queued` rather than applied now.
    func queues(batchSize: Int, in db: Database) throws -> Bool {
        switch self {
        case .queued: return true
        case .adaptive(let behindBy) where batchSize >= behindBy: return true
        case .inline, .adaptive: return try Self.backlogExists(db)
        }
    }

    static func backlogExists(_ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM notifications WHERE outcome = 'queued')")) ?? false
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
    /// Rows applied per background transaction: about 30 ms of the writer's time, the longest a new delivery waits
    /// behind the applier.
    static let backlogChunk = 128
    /// The applier waits until no delivery has been submitted for this long, so that it runs after a storm, not in it…
    static let backlogQuiet = Duration.milliseconds(50)
    /// …but no longer than this between chunks, so that an endless stream still sees its backlog move.
    static let backlogPatience = Duration.seconds(1)

    /// Applies the `queued` rows, oldest first, in the background; returns at once. Called after a delivery was
    /// queued and when the core starts (a crash may have left a backlog). One drain task at a time.
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
    public func backlogCount() throws -> Int {
        try context.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications WHERE outcome = 'queued'") ?? 0
        }
    }

    private func drainBacklog() async {
        var failures = 0
        while !Task.isCancelled {
            await committer.waitUntilQuiet(for: Self.backlogQuiet, atMost: Self.backlogPatience)
            if Task.isCancelled { break }
            backlog.withLock { $0.kicked = false }
            let applied: Int
            do {
                applied = try await applyQueuedChunk()
                failures = 0
            } catch {
                // The store refused (disk full, locked by another process): the rows stay queued; try again later.
                failures += 1
                context.logger.error("cannot apply queued notifications: \(error)")
                try? await Task.sleep(for: .seconds(min(30, 1 << min(failures, 5))))
                continue
            }
            if applied > 0 { continue }
            let done = backlog.withLock { state in
                if state.kicked { return false }
                state.task = nil
                return true
            }
            if done { return }
        }
    }

    /// Applies the oldest queued rows in one background transaction and publishes what changed; returns how many
    /// rows it read (0: the backlog is empty).
    private func applyQueuedChunk() async throws -> Int {
        let rows = try context.store.read { db in
            try NotificationRecord.fetchAll(
                db, sql: "SELECT * FROM notifications WHERE outcome = 'queued' ORDER BY id LIMIT ?",
                arguments: [Self.backlogChunk])
        }
        if rows.isEmpty { return 0 }
        // Judged again from the stored delivery (signature against its arrival time, decryption), as a replay is:
        // nothing but the row survives a crash, and the CPU work stays off the writer.
        let now = context.now()
        let settlements = await withTaskGroup(of: (Int, NotificationSettlement).self) { group in
            for (index, row) in rows.enumerated() {
                group.addTask {
                    let judgement = await self.judge(Self.inbound(from: row), verifier: self.replayVerifier(row.receivedAt))
                    return (index, NotificationSettlement(
                        configuration: self.context.configuration, now: now, source: .notification, judgement: judgement))
                }
            }
            var settlements = [NotificationSettlement?](repeating: nil, count: rows.count)
            for await (index, settlement) in group { settlements[index] = settlement }
            return settlements.compactMap { $0 }
        }
        let results = try await committer.writeInBackground { db, isolation in
            var results: [NotificationSettlement.Result] = []
            for (row, settlement) in zip(rows, settlements) {
                var judged = row
                settlement.judgement.describe(&judged)
                do {
                    try isolation.isolated(db) {
                        if let result = try settlement.runQueued(judged, in: db, isolation: isolation) { results.append(result) }
                    }
                } catch {
                    // Not even its row could be completed: mark it failed so that it does not block the backlog.
                    var failed = judged
                    failed.outcome = NotificationVerdict.Outcome.error
                    failed.outcomeDetail = "cannot apply the queued delivery: \(error)"
                    failed.processedAt = now
                    try failed.updateOutcome(db)
                    results.append(NotificationSettlement.Result(record: failed))
                }
            }
            return results
        }
        for result in results { publish(result) }
        return rows.count
    }
}
