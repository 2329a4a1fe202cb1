import Foundation
import GRDB
import PayCore
import Synchronization
import WeChatPay

/// One fault profile: the `POST /sim/faults` body it sets and what proves the fault really fired.
struct FaultProfile: Sendable {
    let name: String
    let faults: String
    /// Reads the evidence (from the run's figures) that the fault was active; nil when it was.
    let evidence: @Sendable (FaultRunFigures) -> String?

    static let systemError = FaultProfile(
        name: "system_error_20", faults: #"{"error_rate":0.2}"#,
        evidence: { $0.api5xx > 0 ? nil : "no 500 SYSTEM_ERROR answer was seen" })
    /// 5xx of both kinds: the answer lost after the platform acted, and a gateway 503 with Retry-After.
    static let http5xx = FaultProfile(
        name: "http_5xx_20", faults: #"{"error_after_rate":0.1,"gateway_error_rate":0.1,"retry_after":1}"#,
        evidence: { $0.api5xx > 0 ? nil : "no 5xx answer was seen" })
    static let dropped = FaultProfile(
        name: "notify_dropped", faults: #"{"drop_notifications":1.0}"#,
        evidence: { $0.notificationsDropped > 0 && $0.notificationsReceived == 0 ? nil : "notifications were not dropped" })
    static let duplicated = FaultProfile(
        name: "notify_duplicated_x5", faults: #"{"duplicate_notifications":5}"#,
        evidence: { $0.duplicatesReceived > 0 ? nil : "no duplicate notification reached the listener" })
    static let reordered = FaultProfile(
        name: "notify_reordered", faults: #"{"reorder_notifications":true}"#,
        evidence: { $0.notificationsReceived > 0 ? nil : "no notification reached the listener" })
    /// The merchant has 1 ms to answer: every delivery counts as timed out and is retried on the (compressed)
    /// schedule, although the listener may well have processed it.
    static let notifyTimeout = FaultProfile(
        name: "notify_timeout", faults: #"{"notify_timeout":0.001}"#,
        evidence: { $0.deliveriesTimedOut > 0 ? nil : "no notification delivery timed out" })

    static let all = [systemError, http5xx, dropped, duplicated, reordered, notifyTimeout]
}

/// What a fault run measured (printed as one JSON line; recorded in docs/hardening-faults.md).
struct FaultRunFigures: Sendable, Codable {
    var profile = ""
    var orders = 0
    var paid = 0
    var closed = 0
    var refunds = 0
    /// Outbound API calls recorded in `api_calls`, and how many of them were answered 5xx.
    var apiCalls = 0
    var api5xx = 0
    /// Calls sent again by the client after a 5xx or transport failure of the identical request.
    var retries = 0
    /// Cashier-level repeats of `create` after an unknown outcome (same business number).
    var createRepeats = 0
    var syncSweeps = 0
    var syncChanges = 0
    var refundsResent = 0
    var notificationsReceived = 0
    var duplicatesReceived = 0
    var notificationsDropped = 0
    var deliveriesTimedOut = 0
    var mismatches = 0
    var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case profile, orders, paid, closed, refunds, retries, mismatches, seconds
        case apiCalls = "api_calls", api5xx = "api_5xx", createRepeats = "create_repeats", syncSweeps = "sync_sweeps"
        case syncChanges = "sync_changes", refundsResent = "refunds_resent"
        case notificationsReceived = "notifications_received", duplicatesReceived = "duplicates_received"
        case notificationsDropped = "notifications_dropped", deliveriesTimedOut = "deliveries_timed_out"
    }

    var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// The outcome of a run: figures, every mismatch between PayDesk and the simulator, and rule violations.
struct FaultRunResult: Sendable {
    var figures: FaultRunFigures
    var mismatches: [String]
    /// Double application, unsafe retries, or a fault that never fired.
    var violations: [String]
}

/// Drives a shop through a fault profile: create orders through CheckoutService, pay most through the control API,
/// close some, refund some (partial, then full), watch half of them, then sweep (`PendingSync`) until PayDesk's
/// state equals the simulator's or the bound passes; then checks that nothing was applied twice and that only
/// idempotent calls were repeated.
struct FaultRun {
    let shop: SimulatedShop
    let profile: FaultProfile
    let orderCount: Int
    /// How long convergence may take (generous: a loaded machine; more for hundreds of orders).
    var convergenceBound: TimeInterval { max(90, Double(orderCount) * 0.6) }

    /// Orders per profile: `PAYDESK_FAULT_ORDERS` (the `make fault-run` size) or the test size.
    static func orderCount(default value: Int) -> Int {
        ProcessInfo.processInfo.environment["PAYDESK_FAULT_ORDERS"].flatMap(Int.init).map { max(8, $0) } ?? value
    }

    func run() async throws -> FaultRunResult {
        let started = Date()
        let core = shop.core
        var figures = FaultRunFigures()
        figures.profile = profile.name
        figures.orders = orderCount
        let set = try await shop.control("/sim/faults", json: profile.faults)
        guard set.status == 200 else { throw SimulatorAnswerError(path: "/sim/faults", status: set.status) }

        // 1. Create every order (the cashier repeats `create` with the same business number on an unknown outcome).
        let created = try await bounded(Array(0..<orderCount), width: 6) { index in
            try await createOrder(index)
        }
        figures.createRepeats = created.reduce(0) { $0 + $1.repeats }
        let orders = created.sorted { $0.index < $1.index }

        // 2. Pay most through the control API, close every eighth; the cashier's screen watches every other one.
        let watchers = Mutex<[Task<Void, Never>]>([])
        _ = try await bounded(orders, width: 6) { order in
            if order.index % 2 == 0 {
                let stream = core.watcher.watch(outTradeNo: order.outTradeNo)
                watchers.withLock { $0.append(Task { for await _ in stream {} }) }
            }
            if order.index % 8 == 7 {
                try await closeOrder(order.outTradeNo)
            } else {
                let paid = try await shop.control("/sim/orders/\(order.outTradeNo)/pay")
                guard paid.status == 200 else { throw SimulatorAnswerError(path: "pay \(order.outTradeNo)", status: paid.status) }
            }
            return ()
        }
        let payCount = orders.filter { $0.index % 8 != 7 }.count
        figures.paid = payCount
        figures.closed = orderCount - payCount

        // 3. The merchant's routine: sweep until PayDesk knows of every payment (notifications may never come).
        let deadline = Date().addingTimeInterval(convergenceBound)
        var sweeps = 0
        while Date() < deadline {
            let paidLocally = try core.store.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE status = 'PAID'") ?? 0
            }
            if paidLocally >= payCount { break }
            let report = await core.sync.sweep(concurrency: 6)
            sweeps += 1
            figures.syncChanges += report.changes.count
            try await Task.sleep(for: .milliseconds(200))
        }

        // 4. Refunds: every third paid order partly (then the rest for half of those), every other third in full.
        let refundable = orders.filter { $0.index % 8 != 7 && $0.index % 3 != 0 }
        let refundCount = Mutex(0)
        _ = try await bounded(refundable, width: 6) { order in
            let total = order.total
            if order.index % 3 == 1 {
                _ = try await core.refunds.create(
                    outTradeNo: order.outTradeNo, amount: total / 3, reason: "partial", outRefundNo: "REFUND\(order.index)A")
                refundCount.withLock { $0 += 1 }
                if order.index % 2 == 1 {
                    _ = try await core.refunds.create(
                        outTradeNo: order.outTradeNo, amount: nil, reason: "rest", outRefundNo: "REFUND\(order.index)B")
                    refundCount.withLock { $0 += 1 }
                }
            } else {
                _ = try await core.refunds.create(
                    outTradeNo: order.outTradeNo, amount: nil, reason: "full", outRefundNo: "REFUND\(order.index)F")
                refundCount.withLock { $0 += 1 }
            }
            return ()
        }
        figures.refunds = refundCount.withLock { $0 }

        // 5. Notifications, watchers and sweeps run until PayDesk equals the simulator, within the bound.
        var mismatches: [String] = []
        while true {
            mismatches = try await compare()
            if mismatches.isEmpty || Date() >= deadline { break }
            let report = await core.sync.sweep(concurrency: 6)
            sweeps += 1
            figures.syncChanges += report.changes.count
            figures.refundsResent += report.refundsResent
            try await Task.sleep(for: .milliseconds(300))
        }
        for task in watchers.withLock({ $0 }) { task.cancel() }
        // Let the watchers' last queries finish before anything stops a server (see SimulatedShop.stop).
        try await Task.sleep(for: .seconds(1))
        let attempts = (try await shop.controlObject("/sim/notifications")["attempts"] as? [[String: Any]]) ?? []
        figures.notificationsDropped = attempts.filter { ($0["error"] as? String)?.hasPrefix("dropped") == true }.count
        figures.deliveriesTimedOut = attempts.filter { ($0["error"] as? String)?.hasPrefix("no answer within") == true }.count
        _ = try await shop.control("/sim/faults", method: "DELETE")
        figures.syncSweeps = sweeps
        figures.mismatches = mismatches.count
        var violations = try checkRules(into: &figures)
        if let missing = profile.evidence(figures) { violations.append("fault not exercised: \(missing)") }
        figures.seconds = (Date().timeIntervalSince(started) * 10).rounded() / 10
        return FaultRunResult(figures: figures, mismatches: mismatches, violations: violations)
    }

    // MARK: - Steps

    struct CreatedOrder: Sendable {
        let index: Int
        let outTradeNo: String
        let total: Int
        let repeats: Int
    }

    /// Creates order `index`; on an unknown outcome (5xx after the client's own retries) the same request again.
    private func createOrder(_ index: Int) async throws -> CreatedOrder {
        let request = CheckoutRequest(
            total: 100 + index * 7, description: "Fault run \(index)", businessNo: "FR-\(index)",
            notifyURL: shop.listener.notifyURL)
        var repeats = 0
        while true {
            let result = await Self.attempt { try await shop.core.checkout.create(request) }
            if case .success(let order) = result, order.codeURL != nil {
                return CreatedOrder(index: index, outTradeNo: order.outTradeNo, total: order.total, repeats: repeats)
            }
            if case .failure(let error) = result, !error.isOutcomeUnknown || repeats >= 30 { throw error }
            repeats += 1
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Closes an unpaid order; repeated on an unknown outcome (close is idempotent).
    private func closeOrder(_ outTradeNo: String) async throws {
        var repeats = 0
        while true {
            let result = await Self.attempt { try await shop.core.checkout.close(outTradeNo: outTradeNo) }
            guard case .failure(let error) = result else { return }
            if !error.isOutcomeUnknown || repeats >= 30 { throw error }
            repeats += 1
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// A core call as a `Result` (keeps the retry loops free of typed-catch patterns).
    private static func attempt<T: Sendable>(_ body: () async throws -> T) async -> Result<T, PayCoreError> {
        do {
            return .success(try await body())
        } catch let error as PayCoreError {
            return .failure(error)
        } catch {
            return .failure(.storage("\(error)"))
        }
    }

    /// Runs `body` over `items` with at most `width` at once.
    private func bounded<Item: Sendable, Output: Sendable>(
        _ items: [Item], width: Int, _ body: @escaping @Sendable (Item) async throws -> Output
    ) async throws -> [Output] {
        try await withThrowingTaskGroup(of: Output.self) { group in
            var results: [Output] = []
            var iterator = items.makeIterator()
            for _ in 0..<width {
                guard let item = iterator.next() else { break }
                group.addTask { try await body(item) }
            }
            while let result = try await group.next() {
                results.append(result)
                if let item = iterator.next() { group.addTask { try await body(item) } }
            }
            return results
        }
    }

    // MARK: - Comparison with the simulator

    /// Every difference between PayDesk's orders and refunds and the simulator's (empty when they agree).
    func compare() async throws -> [String] {
        let remote = try await shop.controlObject("/sim/orders")
        let remoteOrders = (remote["orders"] as? [[String: Any]]) ?? []
        var byNumber: [String: [String: Any]] = [:]
        for order in remoteOrders { if let number = order["out_trade_no"] as? String { byNumber[number] = order } }
        let store = shop.core.store
        let local = try store.read { db in try OrderRecord.fetchAll(db) }
        var problems: [String] = []
        var seen = Set<String>()
        for order in local {
            seen.insert(order.outTradeNo)
            let refunds = try store.refunds(outTradeNo: order.outTradeNo)
            problems += Self.differences(local: order, refunds: refunds, remote: byNumber[order.outTradeNo])
        }
        for number in byNumber.keys where !seen.contains(number) {
            problems.append("\(number): the simulator has an order PayDesk does not know")
        }
        return problems
    }

    /// How one local order differs from the simulator's view of it.
    static func differences(local order: OrderRecord, refunds: [RefundRecord], remote: [String: Any]?) -> [String] {
        let number = order.outTradeNo
        guard let remote else {
            // The prepay never reached the platform: nobody can pay such an order.
            return [.created, .failed, .closed].contains(order.status) && order.transactionID == nil
                ? [] : ["\(number): \(order.status.rawValue) locally, unknown to the simulator"]
        }
        let state = remote["trade_state"] as? String ?? "?"
        switch state {
        case "NOTPAY", "USERPAYING":
            return order.status.isAwaitingPayment ? [] : ["\(number): \(order.status.rawValue) locally, \(state) remotely"]
        case "CLOSED":
            return order.status == .closed ? [] : ["\(number): \(order.status.rawValue) locally, CLOSED remotely"]
        case "PAYERROR":
            return order.status == .failed ? [] : ["\(number): \(order.status.rawValue) locally, PAYERROR remotely"]
        case "SUCCESS", "REFUND":
            break
        default:
            return ["\(number): unexpected remote trade_state \(state)"]
        }
        var problems: [String] = []
        let amount = remote["amount"] as? [String: Any]
        if order.transactionID != remote["transaction_id"] as? String {
            problems.append("\(number): transaction_id \(order.transactionID ?? "nil") locally")
        }
        if order.payerTotal != amount?["payer_total"] as? Int {
            problems.append("\(number): paid \(order.payerTotal.map(String.init) ?? "nil") locally, \(amount?["payer_total"] ?? "nil") remotely")
        }
        var remoteRefunds: [String: (status: String, amount: Int)] = [:]
        for refund in (remote["refunds"] as? [[String: Any]]) ?? [] {
            guard let refundNo = refund["out_refund_no"] as? String else { continue }
            let money = (refund["amount"] as? [String: Any])?["refund"] as? Int ?? -1
            remoteRefunds[refundNo] = (refund["status"] as? String ?? "?", money)
        }
        for refund in refunds {
            guard let other = remoteRefunds.removeValue(forKey: refund.outRefundNo) else {
                if refund.status != .closed {
                    problems.append("\(number): refund \(refund.outRefundNo) \(refund.status.rawValue) locally, unknown remotely")
                }
                continue
            }
            if refund.status.rawValue != other.status || refund.amount != other.amount {
                problems.append(
                    "\(number): refund \(refund.outRefundNo) \(refund.status.rawValue) \(refund.amount) locally, "
                        + "\(other.status) \(other.amount) remotely")
            }
        }
        for (refundNo, other) in remoteRefunds {
            problems.append("\(number): refund \(refundNo) \(other.status) remotely, unknown locally")
        }
        let refunded = refunds.filter { $0.status == .success }.reduce(0) { $0 + $1.amount }
        let inFlight = refunds.contains { $0.status == .processing || $0.status == .abnormal }
        let expected: OrderStatus =
            inFlight ? .refunding : refunded >= order.total ? .refunded : refunded > 0 ? .partiallyRefunded : .paid
        if order.refundedTotal != refunded || order.status != expected {
            problems.append(
                "\(number): \(order.status.rawValue) refunded \(order.refundedTotal) locally, expected \(expected.rawValue) \(refunded)")
        }
        return problems
    }

    // MARK: - Rules: nothing applied twice, only idempotent calls repeated

    private func checkRules(into figures: inout FaultRunFigures) throws -> [String] {
        let store = shop.core.store
        var violations: [String] = []
        let calls = try store.read { db in try APICallRecordRow.order(Column("started_at"), Column("id")).fetchAll(db) }
        figures.apiCalls = calls.count
        figures.api5xx = calls.filter { ($0.httpStatus ?? 0) >= 500 }.count
        // A retry: a call whose identical predecessor (operation, endpoint, body) failed with 5xx or no answer.
        var lastFailed: [String: Bool] = [:]
        var bodies: [String: Set<String>] = [:]
        for call in calls {
            let key = "\(call.operation) \(call.endpoint) \(call.requestBody ?? "")"
            if lastFailed[key] == true { figures.retries += 1 }
            lastFailed[key] = call.httpStatus == nil || (call.httpStatus ?? 0) >= 500
            switch call.operation {
            case "prepay": bodies["prepay \(call.outTradeNo ?? "?")", default: []].insert(call.requestBody ?? "")
            case "refund": bodies["refund \(call.outRefundNo ?? "?")", default: []].insert(call.requestBody ?? "")
            case "abnormal-refund": violations.append("a non-idempotent call was made: \(call.endpoint)")
            default: break
            }
        }
        for (subject, variants) in bodies where variants.count > 1 {
            violations.append("\(subject) was sent with \(variants.count) different bodies (not an idempotent repeat)")
        }
        // Nothing applied twice: one applied notification per notification id, refunds within the total.
        let notifications = try store.read { db in try NotificationRecord.fetchAll(db) }
        figures.notificationsReceived = notifications.count
        figures.duplicatesReceived = notifications.filter { $0.outcome == "duplicate" }.count
        var applied: [String: Int] = [:]
        for notification in notifications where notification.outcome == "applied" {
            applied[notification.notificationID ?? "?", default: 0] += 1
        }
        for (id, count) in applied where count > 1 { violations.append("notification \(id) applied \(count) times") }
        let orders = try store.read { db in try OrderRecord.fetchAll(db) }
        for order in orders where order.refundedTotal > order.total {
            violations.append("\(order.outTradeNo): refunded \(order.refundedTotal) of \(order.total)")
        }
        return violations
    }
}
