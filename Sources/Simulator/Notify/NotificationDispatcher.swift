import Foundation
import Logging
import WeChatPay

/// Delivers notifications to merchants with the platform's retry schedule, recording every attempt.
///
/// A delivery is acknowledged only by an answer within the timeout (5 s unless a fault says otherwise):
/// HTTP 200/204 for v3, an XML `return_code` SUCCESS for v2. Pending deliveries survive a restart.
actor NotificationDispatcher {
    private let store: SimulatorStore
    private let transport: any HTTPTransport
    private let signing: ResponseSigning
    private let faults: FaultStore
    private let timeScale: Double
    private let logger = Logger(label: "paydesk.sim.notify")
    private var deliveries: [String: NotificationDelivery] = [:]
    private var tasks: [String: Task<Void, Never>] = [:]
    private var held: NotificationDelivery?
    private var stopped = false

    init(store: SimulatorStore, transport: any HTTPTransport, signing: ResponseSigning, faults: FaultStore, timeScale: Double) {
        self.store = store
        self.transport = transport
        self.signing = signing
        self.faults = faults
        self.timeScale = timeScale
    }

    /// Resumes the deliveries a previous run left pending.
    func resume() {
        let pending = (try? store.pendingDeliveries()) ?? []
        for delivery in pending { launch(delivery) }
    }

    /// Cancels every running delivery (they stay pending in the store).
    func stop() {
        stopped = true
        for task in tasks.values { task.cancel() }
        tasks.removeAll()
    }

    /// Every attempt so far, oldest first.
    func attempts() -> [DeliveryAttempt] { (try? store.attempts()) ?? [] }

    /// Accepts a new delivery, applying the drop and reorder faults.
    func enqueue(_ delivery: NotificationDelivery) async {
        guard !stopped else { return }
        let settings = await faults.settings
        if FaultStore.roll(settings.dropNotifications) {
            var dropped = delivery
            dropped.state = .dropped
            save(dropped)
            record(DeliveryAttempt(
                deliveryID: delivery.id, attempt: 0, at: Date(), url: delivery.url, eventType: delivery.eventType,
                outTradeNo: delivery.outTradeNo, outRefundNo: delivery.outRefundNo, httpStatus: nil,
                error: "dropped (fault injection): never sent", answer: "", durationMilliseconds: 0,
                acknowledged: false, probe: false, duplicate: false))
            return
        }
        save(delivery)
        guard settings.reorderNotifications else { return launch(delivery) }
        if var earlier = held {
            // The newer one goes first, the held one right after it.
            held = nil
            launch(delivery)
            earlier.nextAttemptAt = Date().addingTimeInterval(0.2)
            launch(earlier)
        } else {
            held = delivery
            let id = delivery.id
            Task { [weak self] in
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                await self?.releaseHeld(id: id)
            }
        }
    }

    private func releaseHeld(id: String) {
        guard let delivery = held, delivery.id == id else { return }
        held = nil
        launch(delivery)
    }

    private func launch(_ delivery: NotificationDelivery) {
        deliveries[delivery.id] = delivery
        let id = delivery.id
        tasks[id] = Task { [weak self] in await self?.run(id: id) }
    }

    private func save(_ delivery: NotificationDelivery) {
        // After stop the state folder may be gone; the delivery stays pending as last saved.
        guard !stopped else { return }
        do { try store.save(delivery: delivery) } catch {
            logger.error("cannot save delivery", metadata: ["id": "\(delivery.id)", "error": "\(error)"])
        }
    }

    private func record(_ attempt: DeliveryAttempt) {
        guard !stopped else { return }
        do { try store.record(attempt: attempt) } catch {
            logger.error("cannot record attempt", metadata: ["id": "\(attempt.deliveryID)", "error": "\(error)"])
        }
    }

    private func run(id: String) async {
        while !Task.isCancelled, var delivery = deliveries[id], delivery.state == .pending {
            let wait = delivery.nextAttemptAt.timeIntervalSinceNow
            if wait > 0 {
                do { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) } catch { return }
            }
            let settings = await faults.settings
            if FaultStore.roll(settings.signatureProbeRate) {
                _ = await send(delivery, attempt: delivery.attemptsMade + 1, timeout: settings.notifyTimeout, probe: true, duplicate: false)
            }
            delivery.attemptsMade += 1
            let acknowledged = await send(delivery, attempt: delivery.attemptsMade, timeout: settings.notifyTimeout, probe: false, duplicate: false)
            if acknowledged {
                delivery.state = .acknowledged
            } else if let delay = RetrySchedule.delay(afterAttempt: delivery.attemptsMade, timeScale: timeScale) {
                delivery.nextAttemptAt = Date().addingTimeInterval(delay)
            } else {
                delivery.state = .abandoned
            }
            deliveries[id] = delivery
            save(delivery)
            if acknowledged {
                for _ in 0..<settings.duplicateNotifications {
                    _ = await send(delivery, attempt: delivery.attemptsMade, timeout: settings.notifyTimeout, probe: false, duplicate: true)
                }
            }
        }
        tasks[id] = nil
    }

    /// One HTTP attempt; returns whether it acknowledged the notification.
    private func send(_ delivery: NotificationDelivery, attempt: Int, timeout: Double, probe: Bool, duplicate: Bool) async -> Bool {
        let body = Data(delivery.body.utf8)
        var headers = HTTPHeaders()
        switch delivery.format {
        case .v3:
            do { headers = try signing.headers(body: body, mode: signing.defaultMode) } catch {
                logger.error("cannot sign notification", metadata: ["error": "\(error)"])
            }
            headers["Content-Type"] = "application/json"
            if probe { headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + Data.random(count: 48).base64EncodedString() }
        case .v2:
            headers["Content-Type"] = "text/xml"
        }
        headers["User-Agent"] = "Mozilla/4.0 (PayDesk sandbox notification)"
        let request = HTTPRequest(method: "POST", url: delivery.url, headers: headers, body: body)
        let started = Date()
        var status: Int?
        var errorText: String?
        var answer = ""
        do {
            let response = try await withTimeout(timeout) { [transport] in try await transport.send(request) }
            status = response.status
            answer = String(decoding: response.body.prefix(2_048), as: UTF8.self)
        } catch is DeliveryTimeout {
            errorText = "no answer within \(timeout) s"
        } catch {
            errorText = "\(error)"
        }
        let acknowledged = !probe && !duplicate && Self.isAcknowledgement(format: delivery.format, status: status, answer: answer)
        record(DeliveryAttempt(
            deliveryID: delivery.id, attempt: attempt, at: started, url: delivery.url, eventType: delivery.eventType,
            outTradeNo: delivery.outTradeNo, outRefundNo: delivery.outRefundNo, httpStatus: status, error: errorText,
            answer: answer, durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000),
            acknowledged: acknowledged, probe: probe, duplicate: duplicate))
        return acknowledged
    }

    /// v3: 200 or 204. v2: 200 with an XML `return_code` of SUCCESS.
    static func isAcknowledgement(format: NotificationDelivery.Format, status: Int?, answer: String) -> Bool {
        switch format {
        case .v3:
            return status == 200 || status == 204
        case .v2:
            guard status == 200, let fields = try? XMLCodec.decode(Data(answer.utf8)) else { return false }
            return fields["return_code"] == "SUCCESS"
        }
    }
}

/// The merchant did not answer in time.
struct DeliveryTimeout: Error {}

/// Runs `operation`, throwing `DeliveryTimeout` when it takes longer than `seconds`.
///
/// The operation runs in its own task and is abandoned (not awaited) on timeout, so a transport that
/// ignores cancellation cannot stretch the deadline.
func withTimeout<T: Sendable>(_ seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
        let gate = ResumeOnce(continuation)
        let work = Task {
            do { gate.resume(with: .success(try await operation())) } catch { gate.resume(with: .failure(error)) }
        }
        Task {
            try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
            if gate.resume(with: .failure(DeliveryTimeout())) { work.cancel() }
        }
    }
}

/// Resumes a continuation exactly once; later calls are ignored.
/// `@unchecked Sendable`: the only state is guarded by the lock.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?

    init(_ continuation: CheckedContinuation<T, Error>) { self.continuation = continuation }

    /// Returns true when this call resumed the continuation.
    @discardableResult
    func resume(with result: Result<T, Error>) -> Bool {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(with: result)
        return pending != nil
    }
}
