import Foundation
import WeChatPay

/// Forwards PAID and REFUNDED orders to the merchant's own system (configuration `[webhook]`).
///
/// Scheme (docs/configuration.md): `POST url` with a JSON body `{"event","out_trade_no","business_no","status",
/// "total","refunded_total","transaction_id","paid_at","delivery_id"}` and headers `PayDesk-Event`,
/// `PayDesk-Delivery` (row id), `PayDesk-Timestamp` (Unix seconds) and
/// `PayDesk-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. Any 2xx is success; otherwise
/// the delivery is retried on the `WebhookSchedule` (standard: after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h),
/// then given up. The delivery's state is kept in `webhook_deliveries`, each attempt in `webhook_attempts`.
public actor BusinessWebhook {
    let context: CoreContext
    let settings: WebhookSettings?
    let transport: any HTTPTransport
    /// Retry waits and the worker's polling interval.
    public let schedule: WebhookSchedule
    private var listener: Task<Void, Never>?
    private var worker: Task<Void, Never>?
    /// True while `deliverDue` runs: the actor is re-entered at every await, and one delivery must never be
    /// attempted twice at once.
    private var delivering = false

    init(context: CoreContext, settings: WebhookSettings?, transport: any HTTPTransport, schedule: WebhookSchedule) {
        self.context = context
        self.settings = settings
        self.transport = transport
        self.schedule = schedule
    }

    /// True when a URL is configured.
    public var isEnabled: Bool { settings != nil }

    /// Starts listening for order events and delivering (no-op without a configured URL).
    public func start() {
        guard settings != nil, listener == nil else { return }
        let events = context.events.subscribe()
        listener = Task { [weak self] in
            for await event in events {
                guard case .orderUpdated(let order) = event else { continue }
                await self?.enqueue(order)
            }
        }
        let interval = schedule.pollInterval
        worker = Task { [weak self] in
            while !Task.isCancelled {
                await self?.deliverDue()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Stops listening and delivering.
    public func stop() {
        listener?.cancel()
        worker?.cancel()
        listener = nil
        worker = nil
    }

    /// Queues the event an order change stands for (PAID, REFUNDED), once per order and event.
    func enqueue(_ order: OrderRecord) {
        guard let settings, let orderID = order.id else { return }
        let event: String
        switch order.status {
        case .paid: event = "PAID"
        case .refunded: event = "REFUNDED"
        default: return
        }
        var payload: [String: String] = [
            "event": event, "out_trade_no": order.outTradeNo, "status": order.status.rawValue,
            "total": String(order.total), "refunded_total": String(order.refundedTotal),
        ]
        payload["business_no"] = order.businessNo
        payload["transaction_id"] = order.transactionID
        payload["paid_at"] = order.paidAt.map(WeChatPayTime.format)
        let delivery = WebhookDeliveryRecord(
            orderID: orderID, event: event, url: settings.url, payload: jsonText(payload), createdAt: context.now())
        do {
            try context.store.enqueueWebhookDelivery(delivery)
        } catch {
            context.logger.warning("cannot queue webhook \(event) for \(order.outTradeNo): \(error)")
        }
    }

    /// Attempts every due delivery once; returns how many were delivered (0 when another pass is running).
    @discardableResult
    public func deliverDue() async -> Int {
        guard let settings, !delivering else { return 0 }
        delivering = true
        defer { delivering = false }
        let due = (try? context.store.dueWebhookDeliveries(now: context.now())) ?? []
        var delivered = 0
        for delivery in due where await attempt(delivery, secret: settings.secret) { delivered += 1 }
        return delivered
    }

    /// The signature header value for `body` sent at `timestamp`.
    public static func signature(secret: Secret, timestamp: Int, body: Data) -> String {
        let message = Data("\(timestamp).".utf8) + body
        return "sha256=" + Digest.hmacSHA256(key: Data(secret.value.utf8), data: message).hexString
    }

    private func attempt(_ delivery: WebhookDeliveryRecord, secret: Secret) async -> Bool {
        var delivery = delivery
        let now = context.now()
        let timestamp = Int(now.timeIntervalSince1970)
        let body = Data(delivery.payload.utf8)
        var headers = HTTPHeaders()
        headers["Content-Type"] = "application/json"
        headers["PayDesk-Event"] = delivery.event
        headers["PayDesk-Delivery"] = String(delivery.id ?? 0)
        headers["PayDesk-Timestamp"] = String(timestamp)
        headers["PayDesk-Signature"] = Self.signature(secret: secret, timestamp: timestamp, body: body)
        delivery.attempts += 1
        delivery.lastAttemptAt = now
        do {
            let response = try await transport.send(HTTPRequest(method: "POST", url: delivery.url, headers: headers, body: body))
            delivery.lastHTTPStatus = response.status
            delivery.lastError = (200..<300).contains(response.status) ? nil : "HTTP \(response.status)"
        } catch {
            delivery.lastHTTPStatus = nil
            delivery.lastError = "\(error)"
        }
        let succeeded = delivery.lastError == nil
        if succeeded {
            delivery.status = .delivered
            delivery.deliveredAt = now
            delivery.nextAttemptAt = nil
        } else if delivery.attempts >= schedule.maximumAttempts {
            delivery.status = .gaveUp
            delivery.nextAttemptAt = nil
        } else {
            delivery.status = .failed
            delivery.nextAttemptAt = now.addingTimeInterval(schedule.backoff[delivery.attempts - 1])
        }
        let record = WebhookAttemptRecord(
            deliveryID: delivery.id ?? 0, number: delivery.attempts, attemptedAt: now,
            httpStatus: delivery.lastHTTPStatus, error: delivery.lastError)
        do {
            try context.store.recordWebhookAttempt(delivery, record)
        } catch {
            context.logger.warning("cannot save webhook delivery: \(error)")
        }
        return succeeded
    }
}
