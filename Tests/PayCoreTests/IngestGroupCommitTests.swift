import Foundation
import GRDB
import PayCore
import Testing
import WeChatPay

/// Concurrent deliveries share group-committed transactions; each is answered for itself.
@Suite("Notification ingestor, group commit")
struct IngestGroupCommitTests {
    @Test func concurrentDeliveriesAreEachAppliedOnceAndDuplicatesCounted() async throws {
        // Applied before answering, however far behind the writer is (the queued path: NotificationBacklogTests).
        let harness = try await CoreHarness(notificationApply: .inline)
        defer { Task { await harness.remove() } }
        let numbers = (0..<120).map { String(format: "GROUP%010d", $0) }
        var deliveries: [InboundNotification] = []
        for number in numbers {
            try harness.pendingOrder(number, total: 700)
            deliveries.append(try harness.v3Notification(plaintext: CoreHarness.transactionJSON(number, total: 700)))
        }
        // Every delivery twice, all at once: one of each pair applies, the other is a duplicate.
        let ingestor = harness.core.ingestor
        let outcomes = await withTaskGroup(of: IngestOutcome.self) { group in
            for delivery in deliveries + deliveries { group.addTask { await ingestor.ingest(delivery) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 240)
        #expect(outcomes.allSatisfy { $0.httpStatus == 200 })
        #expect(outcomes.count { $0.record.outcome == "applied" } == 120)
        #expect(outcomes.count { $0.record.outcome == "duplicate" } == 120)
        for number in numbers {
            #expect(try harness.core.store.order(outTradeNo: number)?.status == .paid)
        }
        let counts = try harness.core.store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications") ?? 0,
                try Int.fetchOne(db, sql: "SELECT sum(delivery_count) FROM notifications WHERE duplicate_of IS NULL") ?? 0
            )
        }
        #expect(counts.0 == 240)
        #expect(counts.1 == 240)
    }

    @Test func failureWhileApplyingKeepsTheRawDeliveryOnRecordAndTheBatchCommits() async throws {
        let harness = try await CoreHarness()
        defer { Task { await harness.remove() } }
        try harness.pendingOrder("GROUPBROKEN0001", total: 500)
        try harness.pendingOrder("GROUPHEALTHY001", total: 500)
        // A real SQLite failure inside the state-machine write of one order only.
        try harness.core.store.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_broken BEFORE UPDATE ON orders WHEN NEW.out_trade_no = 'GROUPBROKEN0001'
                BEGIN SELECT RAISE(ABORT, 'disk says no'); END
                """)
        }
        let broken = try harness.v3Notification(plaintext: CoreHarness.transactionJSON("GROUPBROKEN0001", total: 500))
        let healthy = try harness.v3Notification(plaintext: CoreHarness.transactionJSON("GROUPHEALTHY001", total: 500))
        let ingestor = harness.core.ingestor
        async let first = ingestor.ingest(broken)
        async let second = ingestor.ingest(healthy)
        let (failed, applied) = await (first, second)

        #expect(failed.httpStatus == 500)
        #expect(failed.record.outcome == "error")
        #expect(failed.record.outcomeDetail?.contains("disk says no") == true)
        let failedID = try #require(failed.record.id)
        let stored = try #require(try harness.core.store.notification(id: failedID))
        #expect(stored.body == String(decoding: broken.body, as: UTF8.self))
        #expect(stored.verdict == "verified")
        #expect(stored.outcome == "error")
        #expect(try harness.core.store.order(outTradeNo: "GROUPBROKEN0001")?.status == .pending)
        #expect(try harness.core.store.snapshots(outTradeNo: "GROUPBROKEN0001").isEmpty)

        #expect(applied.httpStatus == 200)
        #expect(applied.record.outcome == "applied")
        #expect(try harness.core.store.order(outTradeNo: "GROUPHEALTHY001")?.status == .paid)

        // WeChat Pay retries the refused one; once the fault is gone it applies (the failed row is no duplicate).
        try harness.core.store.write { db in try db.execute(sql: "DROP TRIGGER refuse_broken") }
        let retried = await ingestor.ingest(broken)
        #expect(retried.record.outcome == "applied")
        #expect(try harness.core.store.order(outTradeNo: "GROUPBROKEN0001")?.status == .paid)
    }

    /// Batches commit with synchronous = NORMAL and fsync the WAL themselves; every other write keeps FULL, and a
    /// batch's result is returned only once it is on disk (the rows are there when `write` returns).
    @Test func batchesLeaveTheWriterAtSynchronousFull() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let committer = GroupCommitter(store: temporary.store)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await committer.write { db, _ in
                        try db.execute(sql: "CREATE TABLE IF NOT EXISTS probe(n INTEGER)")
                        try db.execute(sql: "INSERT INTO probe(n) VALUES (?)", arguments: [index])
                        return try Int.fetchOne(db, sql: "SELECT count(*) FROM probe") ?? 0
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.count == 40 && counts.max() == 40)
        let (synchronous, rows) = try temporary.store.write { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "SELECT count(*) FROM probe"))
        }
        #expect(synchronous == 2, "FULL")
        #expect(rows == 40)
    }
    /// A batch runs without savepoints first; a unit that fails (or fails in a part it isolated) sends the whole
    /// batch round again with savepoints, so its neighbours commit exactly once and nothing of the failure stays.
    @Test func aFailingUnitIsRolledBackAloneWhenTheBatchRunsAgainCarefully() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try temporary.store.write { db in
            try db.execute(sql: "CREATE TABLE probe(n INTEGER PRIMARY KEY, part TEXT)")
        }
        let committer = GroupCommitter(store: temporary.store)
        struct Refused: Error {}
        let results = await withTaskGroup(of: (Int, Result<String, any Error>).self) { group in
            for index in 0..<60 {
                group.addTask {
                    do {
                        let value = try await committer.write { db, isolation in
                            try db.execute(sql: "INSERT INTO probe(n, part) VALUES (?, 'whole')", arguments: [index])
                            if index % 20 == 7 { throw Refused() }
                            guard index % 20 == 11 else { return "plain" }
                            do {
                                try isolation.isolated(db) {
                                    try db.execute(sql: "INSERT INTO probe(n, part) VALUES (?, 'part')", arguments: [1000 + index])
                                    throw Refused()
                                }
                            } catch is Refused {
                                return "part undone"
                            }
                            return "part kept"
                        }
                        return (index, .success(value))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            return await group.reduce(into: [Int: Result<String, any Error>]()) { $0[$1.0] = $1.1 }
        }
        for (index, result) in results {
            switch index % 20 {
            case 7: #expect(throws: Refused.self) { try result.get() }
            case 11: #expect(try result.get() == "part undone")
            default: #expect(try result.get() == "plain")
            }
        }
        let rows = try temporary.store.read { db in try Int.fetchAll(db, sql: "SELECT n FROM probe ORDER BY n") }
        #expect(rows == (0..<60).filter { $0 % 20 != 7 })
    }

    /// After a batch of several units (concurrent load) the writer lets the next units gather for the interval or
    /// until a whole batch waits, so units submitted one after another share one transaction; after a batch of one
    /// it commits at once, so a writer that waits for each unit is never held. (Intervals of an hour: no test
    /// depends on how fast the machine is.)
    @Test(.timeLimit(.minutes(1)))
    func unitsGatherAfterABatchOfSeveralAndNotAfterOne() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        // Units return their batch's isolation object (one per transaction), kept alive so that none is mistaken
        // for another; they are submitted without waiting (`then`), and their results collected in order.
        let batches = Locked<[Int: BatchIsolation]>([:])
        func submit(_ committer: GroupCommitter, _ number: Int, holding: Locked<Bool>? = nil) {
            committer.write({ _, isolation in
                while holding?.withLock({ $0 }) == true { usleep(1000) }
                return isolation
            }, then: { result in
                if case .success(let isolation) = result { batches.withLock { $0[number] = isolation } }
            })
        }
        func batch(of number: Int) async throws -> BatchIsolation {
            while true {
                if let isolation = batches.withLock({ $0[number] }) { return isolation }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        // One unit at a time, with an hour's interval: each commits alone and at once (else no end in a minute).
        let patient = GroupCommitter(store: temporary.store, gatheringInterval: .seconds(3600))
        for number in 0..<3 {
            submit(patient, number)
            _ = try await batch(of: number)
        }
        let alone = [try await batch(of: 0), try await batch(of: 1), try await batch(of: 2)]
        #expect(alone[0] !== alone[1] && alone[1] !== alone[2])

        // Unit 10 holds the writer while 11 and 12 are submitted: those two form the next batch, of several.
        let committer = GroupCommitter(store: temporary.store, maximumBatch: 5, gatheringInterval: .seconds(3600))
        let holding = Locked(true)
        submit(committer, 10, holding: holding)
        while committer.waitingUnits > 0 { try await Task.sleep(for: .milliseconds(1)) }
        submit(committer, 11)
        submit(committer, 12)
        holding.withLock { $0 = false }
        let (held, pair) = (try await batch(of: 10), [try await batch(of: 11), try await batch(of: 12)])
        #expect(pair[0] === pair[1] && pair[0] !== held)

        // Five units (a whole batch) submitted 10 ms apart after it, each alone in its transaction without the
        // interval, share one once the fifth waits.
        for number in 20..<25 {
            submit(committer, number)
            try await Task.sleep(for: .milliseconds(10))
        }
        let gathered = try await batch(of: 20)
        for number in 21..<25 {
            let isolation = try await batch(of: number)
            #expect(isolation === gathered)
        }
    }
}
