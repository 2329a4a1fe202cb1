import Foundation
import GRDB
import PayCore
import WeChatPay

/// `notify_ingest_http_per_s`: distinct payment notifications, signed and encrypted before the clock starts,
/// POSTed over loopback keep-alive connections to a real `paydesk serve` (release build, temporary sandbox and
/// database); each is verified, decrypted, committed durably (synchronous=FULL) and acknowledged. Afterwards the
/// database is opened and its rows counted: every acknowledged notification must be an applied row and a PAID
/// order. Reference: the in-process verify + decrypt + decode rate of the same notifications on one core.
enum IngestBench {
    /// `INGEST_NOTIFICATIONS` overrides the count (a small run under a profiler).
    static let count = ProcessInfo.processInfo.environment["INGEST_NOTIFICATIONS"].flatMap(Int.init) ?? 30_000
    /// Deliveries in flight at once (HTTP connections, or in-process tasks); `INGEST_CONNECTIONS` overrides it.
    /// Each connection waits for its answer, and an answer waits for a WAL fsync (about 1 ms here, up to 15 ms), so
    /// with 64 connections the two CPUs idled 11–14 % of a storm's middle, waiting for the disk, not for work: a
    /// closed-loop client measures latency once it runs short of requests in flight. With 256 they idled 6–8 %
    /// (docs/performance.md, item 12).
    static let connections = ProcessInfo.processInfo.environment["INGEST_CONNECTIONS"].flatMap(Int.init) ?? 256
    /// `serve --apply` mode (`adaptive`, `inline`, `queued`); `INGEST_APPLY` overrides the default.
    static let apply = ProcessInfo.processInfo.environment["INGEST_APPLY"] ?? "adaptive"

    /// A sandbox with `count` orders seeded, their payment notifications signed and encrypted by its platform key,
    /// and the in-process verify + decrypt rate of those notifications (the reference of both ingest figures).
    static func prepare(name: String, orderPrefix: String) throws -> (BenchSandbox, NotificationSet, reference: Double) {
        let (sandbox, _) = try BenchSandbox.make(name: name)
        do {
            let numbers = (0..<count).map { String(format: "\(orderPrefix)%08d%010d", getpid(), $0) }
            progress("seeding \(count) orders")
            try sandbox.seedOrders(numbers, total: 1250)
            progress("signing and encrypting \(count) notifications")
            let set = try NotificationSet.make(platform: try sandbox.platform(), orderNumbers: numbers, total: 1250)
            return (sandbox, set, try NotifyBench.inProcessRate(set, seconds: 1))
        } catch {
            sandbox.remove()
            throw error
        }
    }

    static func run() throws {
        let (sandbox, set, reference) = try prepare(name: "ingest-bench", orderPrefix: "IB")
        defer { sandbox.remove() }

        let (serve, line) = try PayDeskProcess.start(
            ["--sandbox", sandbox.state, "--db", sandbox.database, "serve", "--listen", "127.0.0.1:0", "--apply", apply],
            ready: "paydesk serve listening on", directory: sandbox.directory)
        defer { serve.stop() }
        guard let port = PayDeskProcess.port(ofReadyLine: line) else { throw PayDeskProcess.ProcessError.notReady(line) }
        let requests = set.deliveries.map {
            HTTPLoad.request(path: "/notify", port: port, headers: $0.headers.fields.map { ($0.name, $0.value) }, body: $0.body)
        }
        progress("posting \(count) notifications over \(connections) keep-alive connections to port \(port), --apply \(apply)")
        let clock = ContinuousClock()
        let start = clock.now
        let cpuBefore = (serve: serve.cpuSeconds ?? 0, bench: CPUTime.now() / 1000, roles: serve.cpuSecondsByRole)
        let report = try HTTPLoad(port: port, requests: requests, connections: connections, threads: 2).run()
        let cpu = (serve: (serve.cpuSeconds ?? 0) - cpuBefore.serve, bench: CPUTime.now() / 1000 - cpuBefore.bench)
        let roles = serve.cpuSecondsByRole.merging(cpuBefore.roles.mapValues { -$0 }, uniquingKeysWith: +)
        let store = try Store.open(path: sandbox.database)
        let backlog = try store.queuedNotificationCount()
        try blocking { try await waitForBacklog(store) }
        let appliedSeconds = (clock.now - start).seconds
        serve.stop()

        let counts = try rowCounts(database: sandbox.database)
        let rate = Double(report.acknowledged) / report.seconds
        progress(
            "acknowledged \(report.acknowledged) of \(count) in \(String(format: "%.2f", report.seconds)) s " +
            "(\(backlog) of them still queued then), all applied after \(String(format: "%.2f", appliedSeconds)) s; " +
            "unanswered \(report.unanswered), applied rows \(counts.applied), PAID orders \(counts.paid), " +
            "notification rows \(counts.rows); CPU per acknowledged delivery while posting: serve " +
            "\(microseconds(cpu.serve, per: report.acknowledged)) µs, the load generator " +
            "\(microseconds(cpu.bench, per: report.acknowledged)) µs")
        progress("serve's CPU per acknowledged delivery by thread: " + PayDeskProcess.ThreadRole.allCases.map {
            "\($0.rawValue) \(microseconds(roles[$0] ?? 0, per: report.acknowledged)) µs"
        }.joined(separator: ", "))
        emit(.compared("notify_ingest_http_per_s", value: rate.rounded(), unit: "1/s",
                       reference: "notify_verify_decrypt_per_s_same_run", referenceValue: reference.rounded()))
        emit(.compared("notify_ingest_http_applied_per_s", value: (Double(counts.applied) / appliedSeconds).rounded(),
                       unit: "1/s", reference: "notify_ingest_http_per_s", referenceValue: rate.rounded()))
        // Lost: acknowledged but not applied. Must be 0.
        emit(Figure(name: "notify_ingest_lost", value: Double(max(0, report.acknowledged - min(counts.applied, counts.paid))),
                    unit: "notifications"))
    }

    private static func microseconds(_ seconds: Double, per count: Int) -> String {
        String(format: "%.0f", seconds * 1e6 / Double(max(count, 1)))
    }

    /// `notify_ingest_core_per_s`: the same pipeline without HTTP — PaymentCore opened in this process on a
    /// fresh database, the notifications handed to `NotificationIngestor.ingest` by `connections` concurrent
    /// tasks — so the HTTP share of the cost can be told apart. Reference: the in-process verify + decrypt rate.
    static func runCore() throws {
        let (sandbox, set, reference) = try prepare(name: "ingest-core-bench", orderPrefix: "IC")
        defer { sandbox.remove() }
        let configuration = try sandbox.configuration()
        progress("ingesting \(count) notifications in process, \(connections) at a time")
        let (acknowledged, seconds, backlog, appliedSeconds) = try blocking {
            let store = try Store.open(path: configuration.databasePath)
            let core = try await PaymentCore(
                configuration: configuration, store: store, transport: CurlTransport(),
                notificationApply: NotificationApplyPolicy(mode: apply) ?? .standard)
            let deliveries = set.deliveries
            let clock = ContinuousClock()
            let start = clock.now
            let acknowledged = await withTaskGroup(of: Int.self) { group in
                for lane in 0..<connections {
                    group.addTask {
                        var done = 0
                        for index in stride(from: lane, to: deliveries.count, by: connections) {
                            let outcome = await core.ingestor.ingest(InboundNotification(
                                kind: .v3, path: "/notify", headers: deliveries[index].headers,
                                body: deliveries[index].body, remoteAddress: "127.0.0.1"))
                            if outcome.acknowledged { done += 1 }
                        }
                        return done
                    }
                }
                return await group.reduce(0, +)
            }
            let seconds = (clock.now - start).seconds
            let backlog = try core.ingestor.backlogCount()
            try await waitForBacklog(store)
            let appliedSeconds = (clock.now - start).seconds
            await core.shutdown()
            return (acknowledged, seconds, backlog, appliedSeconds)
        }
        let counts = try rowCounts(database: sandbox.database)
        try verifyDurable(acknowledged, counts)
        progress(
            "acknowledged \(acknowledged) of \(count) in \(String(format: "%.2f", seconds)) s " +
            "(\(backlog) of them still queued then), all applied after \(String(format: "%.2f", appliedSeconds)) s")
        let rate = (Double(acknowledged) / seconds).rounded()
        emit(.compared("notify_ingest_core_per_s", value: rate, unit: "1/s",
                       reference: "notify_verify_decrypt_per_s_same_run", referenceValue: reference.rounded()))
        emit(.compared("notify_ingest_core_applied_per_s", value: (Double(counts.applied) / appliedSeconds).rounded(),
                       unit: "1/s", reference: "notify_ingest_core_per_s", referenceValue: rate))
    }

    /// Waits (at most 10 minutes) until every delivery stored as queued (`NotificationApplyPolicy`) is applied,
    /// by serve or by this process. It sleeps as a task: blocking a thread of the cooperative pool (two on this
    /// machine) with usleep would halve what the in-process applier has to work with.
    static func waitForBacklog(_ store: Store) async throws {
        let deadline = Date().addingTimeInterval(600)
        while try store.queuedNotificationCount() > 0 {
            guard Date() < deadline else { throw BenchError("the queued notifications were not applied in 10 minutes") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Every acknowledged notification must be an applied row and a PAID order.
    static func verifyDurable(_ acknowledged: Int, _ counts: (rows: Int, applied: Int, paid: Int)) throws {
        guard counts.applied >= acknowledged, counts.paid >= acknowledged else {
            throw BenchError("\(acknowledged) acknowledged but only \(counts.applied) applied rows and \(counts.paid) PAID orders")
        }
    }

    /// Notification rows, applied rows and PAID orders in the database after the run.
    static func rowCounts(database: String) throws -> (rows: Int, applied: Int, paid: Int) {
        let store = try Store.open(path: database)
        return try store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications WHERE outcome = 'applied'") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE status = 'PAID'") ?? 0
            )
        }
    }
}

/// Progress on stderr (stdout carries only the JSON figures).
func progress(_ text: String) {
    FileHandle.standardError.write(Data("paydesk-bench: \(text)\n".utf8))
}
