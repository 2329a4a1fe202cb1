import Dispatch
import Foundation
import GRDB
import WeChatPay

/// Group commit: many small units of work share one write transaction, so one fsync of the WAL makes a whole
/// batch durable instead of one unit.
///
/// A unit that throws is rolled back alone and its caller gets the error, while the rest of the batch commits.
/// Savepoints would give that directly, but each one costs: SQLite copies every page the unit touches into a
/// statement journal, and a savepoint makes FTS5 flush its pending terms into a new segment — per notification
/// that was most of the writer's work (docs/performance.md). So a batch first runs optimistically, without
/// savepoints; only if a unit throws (or a part it isolated through `BatchIsolation` does) is the transaction
/// rolled back and the batch run again with a savepoint per unit (and per isolated part). Every caller is resumed
/// only after ITS batch committed (or with the commit's or the fsync's error), so an answer that depends on
/// durability (a notification's 200) is never sent early.
/// The writer runs on its own dispatch queue, never on a Swift-concurrency thread: an fsync would otherwise
/// block one of the few cooperative threads that verify and decrypt.
///
/// The fsync is pipelined: a batch commits with `synchronous = NORMAL` (no fsync inside the commit), then a second
/// queue fsyncs the WAL file and only after that resumes the batch's callers, while the writer already runs the
/// next batch. Acknowledgement still waits for the WAL (which holds the commit) to be on disk: the same guarantee
/// as `synchronous = FULL`, without the writer idling through every fsync (docs/notification-ingest.md). Every
/// other write of the store keeps FULL: the pragma is switched back as soon as the batch transaction ends.
///
/// Under concurrent load a batch starts no sooner than `gatheringInterval` after the one before. Otherwise a writer
/// that keeps up commits whatever is there: in a notification storm that was 5 units a batch, and the per-batch work
/// (transaction, pragmas, WAL frames of the indexes, fsync, hand-overs between threads) took CPU that verification
/// needed on two cores. A 2 ms gap made batches of about 19 and the writer's CPU per delivery a fifth smaller
/// (docs/performance.md, item 12). A unit arriving alone, or after a batch of one, is committed at once, and a
/// whole batch (`maximumBatch`) that is waiting does not wait longer.
public final class GroupCommitter: Sendable {
    /// One unit: runs in the batch transaction, then learns whether the batch committed.
    private struct Unit: Sendable {
        let run: @Sendable (Database, BatchIsolation) -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Unit] = []
        var draining = false
        /// When the last unit of `write` (not `writeInBackground`) was submitted.
        var lastForeground = ContinuousClock.now
    }

    private let store: Store
    private let maximumBatch: Int
    private let gatheringInterval: Duration
    /// When the writer took its last batch, and its size (used by the writer's queue only).
    private let lastBatch = Locked<(start: ContinuousClock.Instant, size: Int)>((.now, 0))
    /// Signalled when a whole batch waits, to end the writer's gathering early.
    private let batchReady = NSCondition()
    private let state = Locked(State())
    private let queue = DispatchQueue(label: "paydesk.group-commit", qos: .userInitiated)
    private let syncer: WALSyncer

    /// A committer writing through `store`, at most `maximumBatch` units per transaction, batches of several units
    /// at least `gatheringInterval` apart.
    public init(store: Store, maximumBatch: Int = 1024, gatheringInterval: Duration = .milliseconds(2)) {
        self.store = store
        self.maximumBatch = maximumBatch
        self.gatheringInterval = gatheringInterval
        self.syncer = WALSyncer(walPath: store.path + "-wal")
    }

    /// Runs `body` in the next batch transaction and returns its result once that transaction committed. Throws
    /// `body`'s error (nothing of it written) or the commit's error. `body` may run twice (the second time in a
    /// savepoint, if another unit of its batch failed the first time), so it must only write through `db` and
    /// return its result; parts of it that may fail on their own go through `isolation`.
    public func write<T: Sendable>(
        _ body: @escaping @Sendable (Database, BatchIsolation) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(body, foreground: true) { continuation.resume(with: $0) }
        }
    }

    /// `write` for a caller that is not waiting in a task: `done` gets the result, on the WAL syncer's thread once
    /// the batch is durable (or on the writer's with the error). The notification listener answers from there,
    /// which spares each delivery a trip back through the cooperative pool (docs/performance.md, item 11).
    public func write<T: Sendable>(
        _ body: @escaping @Sendable (Database, BatchIsolation) throws -> T,
        then done: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        enqueue(body, foreground: true, done: done)
    }

    /// Queues `body` like `write`, at once (units run in the order they are queued), for work that can wait: the
    /// backlog of queued notifications. It does not count as activity for `isQuiet`, so background work does not
    /// keep itself from ever seeing a quiet writer. `WriteTicket.value` waits for the commit.
    public func writeInBackground<T: Sendable>(
        _ body: @escaping @Sendable (Database, BatchIsolation) throws -> T
    ) -> WriteTicket<T> {
        let ticket = WriteTicket<T>()
        enqueue(body, foreground: false) { ticket.complete($0) }
        return ticket
    }

    /// Returns once no foreground unit has been submitted for `quiet` and none is waiting, or after `atMost`
    /// (so that background work still advances under endless load), or when the task is cancelled.
    public func waitUntilQuiet(for quiet: Duration, atMost: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + atMost
        while !Task.isCancelled {
            let (last, waiting) = state.withLock { ($0.lastForeground, !$0.pending.isEmpty) }
            let now = clock.now
            if now >= deadline || (!waiting && now - last >= quiet) { return }
            let pause = waiting ? quiet : quiet - (now - last)
            try? await Task.sleep(for: max(.milliseconds(1), min(pause, deadline - now)))
        }
    }

    /// Whether no foreground unit waits and none was submitted for `quiet`.
    public func isQuiet(for quiet: Duration) -> Bool {
        let (last, waiting) = state.withLock { ($0.lastForeground, !$0.pending.isEmpty) }
        return !waiting && ContinuousClock.now - last >= quiet
    }

    /// Units submitted and not yet taken into a batch.
    package var waitingUnits: Int { state.withLock { $0.pending.count } }

    /// Queues a unit running `body`; `done` gets its result once the batch committed (or the error).
    private func enqueue<T: Sendable>(
        _ body: @escaping @Sendable (Database, BatchIsolation) throws -> T, foreground: Bool,
        done: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        let slot = ResultSlot<T>()
        submit(Unit(
            run: { db, isolation in
                slot.set(Result {
                    var value: T?
                    try isolation.isolated(db) { value = try body(db, isolation) }
                    guard let value else { throw StoreError.refused("unit produced no result") }
                    return value
                })
            },
            finish: { commitError in
                if let commitError { return done(.failure(commitError)) }
                done(slot.take() ?? .failure(StoreError.refused("unit did not run")))
            }),
            foreground: foreground)
    }

    private func submit(_ unit: Unit, foreground: Bool) {
        let (startDrain, fullBatch) = state.withLock { state in
            state.pending.append(unit)
            if foreground { state.lastForeground = ContinuousClock.now }
            defer { state.draining = true }
            return (!state.draining, state.pending.count == maximumBatch)
        }
        if startDrain { queue.async { self.drain() } }
        if fullBatch {
            batchReady.lock()
            batchReady.signal()
            batchReady.unlock()
        }
    }

    /// Commits batches until nothing is pending. Units that arrive during a commit form the next batch.
    private func drain() {
        while true {
            gather()
            let batch: [Unit] = state.withLock { state in
                let count = min(state.pending.count, maximumBatch)
                if count == 0 { state.draining = false }
                defer { state.pending.removeFirst(count) }
                return Array(state.pending.prefix(count))
            }
            if batch.isEmpty { return }
            lastBatch.withLock { $0 = (ContinuousClock.now, batch.count) }
            do {
                try store.pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
                    if try !run(batch, in: db, careful: false) { _ = try run(batch, in: db, careful: true) }
                }
                syncer.afterSync(batch.map(\.finish))
            } catch {
                for unit in batch { unit.finish(error) }
            }
        }
    }
}

extension GroupCommitter {
    /// Lets units gather after a batch of several (concurrent load) until `gatheringInterval` has passed since it
    /// started, or until a whole batch waits (`submit` signals it). The writer's queue has nothing else to do
    /// meanwhile.
    private func gather() {
        let (start, size) = lastBatch.withLock { $0 }
        guard size > 1 else { return }
        let remaining = start + gatheringInterval - ContinuousClock.now
        guard remaining > .zero else { return }
        let deadline = Date(timeIntervalSinceNow: remaining.seconds)
        batchReady.lock()
        while waitingUnits < maximumBatch, batchReady.wait(until: deadline) {}
        batchReady.unlock()
    }

    /// One attempt at a batch transaction. Optimistic (`careful` false): false, with everything rolled back, as soon
    /// as one unit failed. Careful: every unit and isolated part in its own savepoint, so the batch always commits.
    private func run(_ batch: [Unit], in db: Database, careful: Bool) throws -> Bool {
        let isolation = BatchIsolation(careful: careful)
        var committed = false
        try db.inTransaction(.immediate) {
            let runUnits = {
                for unit in batch {
                    unit.run(db, isolation)
                    if isolation.failed { return }
                }
            }
            // Optimistic batches write the search index at their end (SearchIndex.deferringWrites says why).
            if careful { runUnits() } else { try SearchIndex.deferringWrites(in: db, runUnits) }
            if isolation.failed { return .rollback }
            committed = true
            return .commit
        }
        return committed
    }
}

/// How a group-commit unit keeps a failing part of its work from reaching the database: in a careful batch the part
/// runs in a savepoint and only it is rolled back; in an optimistic one its failure condemns the attempt, and the
/// batch runs again carefully. Used on the writer's thread only, within one batch.
public final class BatchIsolation: @unchecked Sendable {
    let careful: Bool
    /// An optimistic attempt saw a failure: it must be rolled back and the batch run carefully.
    private(set) var failed = false

    init(careful: Bool) {
        self.careful = careful
    }

    /// Runs `body`; if it throws, nothing it wrote is kept (now, in a savepoint, or by the careful rerun) and the
    /// error is rethrown for the caller to record.
    public func isolated(_ db: Database, _ body: () throws -> Void) throws {
        if careful {
            try db.inSavepoint {
                try body()
                return .commit
            }
        } else {
            do { try body() } catch {
                failed = true
                throw error
            }
        }
    }
}

/// Makes committed WAL frames durable off the writer's path: fsyncs the WAL file, then runs what waited for it.
/// One fsync covers every commit made before it, so callers that queue up meanwhile share the next one.
private final class WALSyncer: Sendable {
    private let walPath: String
    private let pending = Locked<(waiting: [@Sendable ((any Error)?) -> Void], syncing: Bool)>(([], false))
    private let queue = DispatchQueue(label: "paydesk.wal-sync", qos: .userInitiated)

    init(walPath: String) { self.walPath = walPath }

    /// Runs each of `finishers` once the WAL is on disk (nil), or with the error that prevented it.
    func afterSync(_ finishers: [@Sendable ((any Error)?) -> Void]) {
        let start = pending.withLock { pending in
            pending.waiting += finishers
            defer { pending.syncing = true }
            return !pending.syncing
        }
        if start { queue.async { self.run() } }
    }

    private func run() {
        while true {
            let finishers = pending.withLock { pending in
                defer { pending.waiting = [] }
                if pending.waiting.isEmpty { pending.syncing = false }
                return pending.waiting
            }
            if finishers.isEmpty { return }
            let error = syncWAL()
            for finish in finishers { finish(error) }
        }
    }

    /// fdatasync of the WAL file, opened by path each time so that no descriptor outlives the file SQLite uses.
    /// (Should a checkpoint have reset the WAL meanwhile, it fsynced those frames into the database first.)
    private func syncWAL() -> (any Error)? {
        let descriptor = open(walPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return StoreError.refused("cannot open \(walPath) to sync it: errno \(errno)") }
        defer { close(descriptor) }
        return fdatasync(descriptor) == 0 ? nil : StoreError.refused("fdatasync of \(walPath) failed: errno \(errno)")
    }
}

/// The result of a unit queued by `writeInBackground`, to wait for when it is needed.
public final class WriteTicket<T: Sendable>: Sendable {
    private let state = Locked<(result: Result<T, any Error>?, waiter: CheckedContinuation<T, any Error>?)>((nil, nil))

    /// The unit's result once its batch committed; throws its error or the commit's.
    public func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func complete(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state in
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }
}

/// The result of one unit, written on the writer queue and read when its batch has committed.
private final class ResultSlot<T: Sendable>: Sendable {
    private let result = Locked<Result<T, any Error>?>(nil)

    func set(_ value: Result<T, any Error>) { result.withLock { $0 = value } }
    func take() -> Result<T, any Error>? { result.withLock { $0 } }
}
