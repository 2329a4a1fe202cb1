import Foundation
import GRDB
import PayCore
import WeChatPay

/// `paydesk-bench crash` (`make crash-run`): a storm of payment notifications from a real `paydesk sim`
/// (`--time-scale 0.01`: its retry schedule a hundred times faster) to a real `paydesk serve`, which is
/// SIGKILLed at random points and restarted on the same database and port while the simulator retries.
///
/// Afterwards: every notification the simulator recorded as acknowledged must have its order PAID locally
/// (zero acknowledged-but-lost), each order must have been applied by exactly one notification row (zero
/// double-applied) and `PRAGMA integrity_check` must say ok. One JSON line reports the run; the exit status is
/// non-zero when a check fails. `CRASH_NOTIFICATIONS` (default 10,000) and `CRASH_KILLS` (default 5) size it.
enum CrashRun {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["CRASH_NOTIFICATIONS"].flatMap(Int.init) ?? 10_000
        let kills = environment["CRASH_KILLS"].flatMap(Int.init) ?? 5
        let started = Date()
        let (sandbox, simulatorProcess) = try BenchSandbox.make(
            name: "crash-run", keepSimulator: true, simulatorArguments: ["--time-scale", "0.01"])
        guard let simulator = simulatorProcess else { throw Failure(description: "no simulator") }
        defer {
            simulator.stop()
            if environment["CRASH_KEEP"] == nil { sandbox.remove() }
        }
        let configuration = try sandbox.configuration()
        let port = try freePort()
        let notifyURL = "http://127.0.0.1:\(port)/notify"

        progress("creating \(count) orders at the simulator (notify_url \(notifyURL))")
        let numbers = try createOrders(count: count, configuration: configuration, notifyURL: notifyURL)
        let serveArguments = [
            "--sandbox", sandbox.state, "--db", sandbox.database, "serve", "--listen", "127.0.0.1:\(port)",
            "--apply", environment["CRASH_APPLY"] ?? "adaptive",
        ]
        var (serve, _) = try PayDeskProcess.start(serveArguments, ready: "paydesk serve listening on", directory: sandbox.directory)
        defer { serve.stop() }

        progress("paying \(count) orders: the simulator notifies serve; \(kills) SIGKILLs at random points")
        let payments = Task { try await pay(numbers, baseURL: configuration.baseURL) }
        let store = try Store.open(path: sandbox.database)
        let targets = (0..<kills).map { _ in Int.random(in: (count / 10)...(count * 9 / 10)) }.sorted()
        var killedAt: [Int] = []
        var queuedSeen = 0
        for target in targets {
            let (applied, queued) = try waitForApplied(atLeast: target, store: store, timeout: 600, serve: serve)
            serve.kill()
            killedAt.append(applied)
            queuedSeen = max(queuedSeen, queued)
            progress("SIGKILL serve at \(applied) applied (largest backlog seen so far: \(queuedSeen) queued)")
            usleep(UInt32.random(in: 0...500_000))
            (serve, _) = try PayDeskProcess.start(serveArguments, ready: "paydesk serve listening on", directory: sandbox.directory)
        }
        try blocking { try await payments.value }
        queuedSeen = max(queuedSeen, try waitForApplied(atLeast: count, store: store, timeout: 900, serve: serve).queuedSeen)
        let acknowledged = try waitForAcknowledged(count: count, baseURL: configuration.baseURL, timeout: 300)
        serve.stop()

        let checks = try check(store: store, acknowledged: acknowledged)
        let seconds = Date().timeIntervalSince(started)
        let summary: [String: Any] = [
            "name": "crash_run", "notifications": count, "kills": killedAt.count, "killed_at_applied": killedAt,
            "acknowledged": acknowledged.count, "acknowledged_lost": checks.lost, "double_applied": checks.doubleApplied,
            "applied_rows": checks.appliedRows, "duplicate_rows": checks.duplicateRows, "largest_backlog_seen": queuedSeen,
            "integrity_check": checks.integrity, "seconds": (seconds * 10).rounded() / 10,
        ]
        let line = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: line, as: UTF8.self))
        fflush(nil)
        guard checks.lost == 0, checks.doubleApplied == 0, checks.integrity == "ok", acknowledged.count == count else {
            throw Failure(description: "crash run failed its checks")
        }
    }

    /// Native orders created through PaymentCore against the simulator, 8 at a time; their numbers.
    static func createOrders(count: Int, configuration: PayDeskConfiguration, notifyURL: String) throws -> [String] {
        try blocking {
            let store = try Store.open(path: configuration.databasePath)
            let core = try await PaymentCore(configuration: configuration, store: store, transport: CurlTransport())
            let created = try await withThrowingTaskGroup(of: String.self) { group in
                var numbers: [String] = []
                for index in 0..<count {
                    if index >= 8, let number = try await group.next() { numbers.append(number) }
                    group.addTask {
                        let order = try await core.checkout.create(
                            CheckoutRequest(total: 100 + index % 900, description: "crash run \(index)", notifyURL: notifyURL))
                        return order.outTradeNo
                    }
                }
                for try await number in group { numbers.append(number) }
                return numbers
            }
            await core.shutdown()
            return created
        }
    }

    /// The customer pays every order (simulator control API), 8 at a time.
    static func pay(_ numbers: [String], baseURL: String) async throws {
        let transport = CurlTransport()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, number) in numbers.enumerated() {
                if index >= 8 { try await group.next() }
                group.addTask {
                    let answer = try await transport.send(HTTPRequest(method: "POST", url: "\(baseURL)/sim/orders/\(number)/pay"))
                    guard answer.status == 200 else {
                        throw Failure(description: "pay \(number): HTTP \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Polls the number of applied notification rows until it reaches `atLeast`; returns it. Fails at once if
    /// `serve` exits by itself (only this run kills it), with the end of its stderr, rather than waiting out the
    /// timeout for a process that is gone.
    /// `queuedSeen` is the largest backlog (deliveries acknowledged but not applied yet) seen while polling.
    static func waitForApplied(
        atLeast target: Int, store: Store, timeout: Double, serve: PayDeskProcess
    ) throws -> (applied: Int, queuedSeen: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        var queuedSeen = 0
        while true {
            let applied = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications WHERE outcome = 'applied'") ?? 0
            }
            queuedSeen = max(queuedSeen, try store.queuedNotificationCount())
            if applied >= target { return (applied, queuedSeen) }
            guard serve.isRunning else {
                throw Failure(description: "paydesk serve exited on its own at \(applied) applied: \(serve.errors.suffix(2_000))")
            }
            guard Date() < deadline else { throw Failure(description: "only \(applied) of \(target) applied in \(timeout) s") }
            // Every 100 ms: the applied count scans the notifications table (no index on that outcome), and a
            // kill point a few notifications later is still a random point.
            usleep(100_000)
        }
    }

    /// The order numbers of every notification the simulator recorded as acknowledged, once all `count` are.
    static func waitForAcknowledged(count: Int, baseURL: String, timeout: Double) throws -> Set<String> {
        let deadline = Date().addingTimeInterval(timeout)
        let transport = CurlTransport()
        while true {
            let answer = try blocking { try await transport.send(HTTPRequest(method: "GET", url: "\(baseURL)/sim/notifications")) }
            let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
            let attempts = object?["attempts"] as? [[String: Any]] ?? []
            let acknowledged = Set(attempts.compactMap { attempt in
                attempt["acknowledged"] as? Bool == true ? attempt["out_trade_no"] as? String : nil
            })
            if acknowledged.count >= count || Date() > deadline { return acknowledged }
            sleep(2)
        }
    }

    /// Lost, double-applied and integrity, read from the database serve left behind.
    static func check(store: Store, acknowledged: Set<String>)
        throws -> (lost: Int, doubleApplied: Int, appliedRows: Int, duplicateRows: Int, integrity: String)
    {
        try store.read { db in
            let paid = Set(try String.fetchAll(db, sql: "SELECT out_trade_no FROM orders WHERE status = 'PAID'"))
            let doubleApplied = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM (SELECT out_trade_no FROM notifications WHERE outcome = 'applied'
                    GROUP BY out_trade_no HAVING count(*) > 1)
                    """) ?? 0
            let applied = try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications WHERE outcome = 'applied'") ?? 0
            let duplicates = try Int.fetchOne(db, sql: "SELECT count(*) FROM notifications WHERE outcome = 'duplicate'") ?? 0
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            return (acknowledged.subtracting(paid).count, doubleApplied, applied, duplicates, integrity)
        }
    }

    /// A loopback port that was free a moment ago (serve must come back on the same one after each kill).
    static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "no free port") }
        return UInt16(bigEndian: address.sin_port)
    }
}
