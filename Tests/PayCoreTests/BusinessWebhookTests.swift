import Foundation
import PayCore
import TestSupport
import Testing
import WeChatPay

/// PAID and REFUNDED events forwarded to a real loopback receiver (the merchant's own system), signed as
/// docs/configuration.md says, retried on an injected millisecond schedule, every attempt recorded.
@Suite("Business webhook", .serialized)
struct BusinessWebhookTests {
    static let secret = "whsec-paydesk-test-0123456789"

    /// Checks the documented scheme independently of `BusinessWebhook.signature`:
    /// `PayDesk-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.
    static func signatureIsValid(_ received: NotificationReceiver.Received) -> Bool {
        guard let timestamp = received.headers["PayDesk-Timestamp"], Int(timestamp) != nil,
            let header = received.headers["PayDesk-Signature"], header.hasPrefix("sha256=")
        else { return false }
        let expected = Digest.hmacSHA256(key: Data(secret.utf8), data: Data("\(timestamp).".utf8) + received.body).hexString
        return header.dropFirst("sha256=".count).lowercased() == expected
    }

    static func json(_ received: NotificationReceiver.Received) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: received.body)) as? [String: Any] ?? [:]
    }

    /// Waits until the order has a delivery of `event` satisfying `predicate`.
    static func delivery(
        _ shop: SimulatedShop, orderID: Int64, event: String, seconds: Double = 60,
        _ predicate: @escaping @Sendable (WebhookDeliveryRecord) -> Bool
    ) async throws -> WebhookDeliveryRecord? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let rows = try shop.core.store.webhookDeliveries(orderID: orderID)
            if let row = rows.first(where: { $0.event == event && predicate($0) }) { return row }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try shop.core.store.webhookDeliveries(orderID: orderID).first { $0.event == event }
    }

    @Test func paidAndRefundedAreSignedRetriedAfterA500AndRecorded() async throws {
        let receiver = try await NotificationReceiver.start(script: [(500, "busy")], fallback: (200, "ok"))
        let schedule = WebhookSchedule(backoff: [0.2, 0.2, 0.2], pollInterval: .milliseconds(50))
        let shop = try await SimulatedShop.start(webhookSchedule: schedule) {
            $0.webhook = WebhookSettings(url: receiver.url, secret: Secret(Self.secret))
        }
        do {
            let core = shop.core
            let order = try await core.checkout.create(CheckoutRequest(total: 880, description: "Webhook latte", businessNo: "WH-1"))
            let orderID = try #require(order.id)
            #expect(try await shop.control("/sim/orders/\(order.outTradeNo)/pay").status == 200)
            let paid = await shop.waitFor(order.outTradeNo) { $0.status == .paid }
            #expect(paid?.status == .paid)

            // First POST answered 500, the retry 200.
            let delivered = try await Self.delivery(shop, orderID: orderID, event: "PAID") { $0.status == .delivered }
            let delivery = try #require(delivered)
            #expect(delivery.status == .delivered)
            #expect(delivery.attempts == 2)
            #expect(delivery.lastHTTPStatus == 200)
            #expect(delivery.lastError == nil)
            let attempts = try core.store.webhookAttempts(deliveryID: try #require(delivery.id))
            #expect(attempts.map(\.number) == [1, 2])
            #expect(attempts.map(\.httpStatus) == [500, 200])
            #expect(attempts.first?.error == "HTTP 500")
            #expect(attempts.last?.error == nil)
            if attempts.count == 2 {
                // The retry waited for its backoff (SQLite keeps milliseconds, hence the 1 ms slack).
                #expect(attempts[1].attemptedAt.timeIntervalSince(attempts[0].attemptedAt) >= 0.199)
            }

            let received = await receiver.waitFor(2)
            #expect(received.count == 2)
            for request in received {
                #expect(Self.signatureIsValid(request), "bad signature: \(request.headers)")
                #expect(request.headers["PayDesk-Event"] == "PAID")
                #expect(request.headers["PayDesk-Delivery"] == String(try #require(delivery.id)))
                #expect(request.headers["Content-Type"]?.hasPrefix("application/json") == true)
                let body = Self.json(request)
                #expect(body["event"] as? String == "PAID")
                #expect(body["out_trade_no"] as? String == order.outTradeNo)
                #expect(body["business_no"] as? String == "WH-1")
                #expect(body["status"] as? String == "PAID")
                #expect(body["total"] as? String == "880")
                #expect((body["transaction_id"] as? String)?.isEmpty == false)
                #expect((body["paid_at"] as? String)?.hasSuffix("+08:00") == true)
            }

            // A full refund settles → REFUNDED is forwarded (the receiver now answers 200 at once).
            let refund = try await core.refunds.create(outTradeNo: order.outTradeNo, amount: nil, reason: "webhook", outRefundNo: nil)
            #expect(try await shop.control("/sim/refunds/\(refund.outRefundNo)/succeed").status == 200)
            let refunded = await shop.waitFor(order.outTradeNo) { $0.status == .refunded }
            #expect(refunded?.status == .refunded)
            let refundDelivery = try #require(
                try await Self.delivery(shop, orderID: orderID, event: "REFUNDED") { $0.status == .delivered })
            #expect(refundDelivery.attempts == 1)
            #expect(try core.store.webhookAttempts(deliveryID: try #require(refundDelivery.id)).map(\.httpStatus) == [200])
            let all = await receiver.waitFor(3)
            let last = try #require(all.last)
            #expect(all.count == 3)
            #expect(Self.signatureIsValid(last))
            #expect(last.headers["PayDesk-Event"] == "REFUNDED")
            #expect(Self.json(last)["refunded_total"] as? String == "880")
            #expect(Self.json(last)["status"] as? String == "REFUNDED")
            // One delivery per order and event, whatever else changed on the order.
            #expect(try core.store.webhookDeliveries(orderID: orderID).map(\.event).sorted() == ["PAID", "REFUNDED"])
        } catch {
            await shop.stop()
            await receiver.stop()
            throw error
        }
        await shop.stop()
        await receiver.stop()
    }

    @Test func aReceiverThatNeverSucceedsGetsBoundedAttemptsThenGaveUp() async throws {
        let receiver = try await NotificationReceiver.start(script: [], fallback: (503, "down"))
        let schedule = WebhookSchedule(backoff: [0.05, 0.05], pollInterval: .milliseconds(20))
        let shop = try await SimulatedShop.start(webhookSchedule: schedule) {
            $0.webhook = WebhookSettings(url: receiver.url, secret: Secret(Self.secret))
        }
        do {
            let core = shop.core
            let order = try await core.checkout.create(CheckoutRequest(total: 120, description: "Never delivered"))
            let orderID = try #require(order.id)
            #expect(try await shop.control("/sim/orders/\(order.outTradeNo)/pay").status == 200)
            let gaveUp = try #require(try await Self.delivery(shop, orderID: orderID, event: "PAID") { $0.status == .gaveUp })
            #expect(gaveUp.status == .gaveUp)
            #expect(gaveUp.attempts == schedule.maximumAttempts)
            #expect(gaveUp.nextAttemptAt == nil)
            #expect(gaveUp.lastHTTPStatus == 503)
            let attempts = try core.store.webhookAttempts(deliveryID: try #require(gaveUp.id))
            #expect(attempts.map(\.number) == [1, 2, 3])
            #expect(attempts.allSatisfy { $0.httpStatus == 503 && $0.error == "HTTP 503" })

            // Given up means no more POSTs: the worker keeps polling, the receiver hears nothing new.
            let received = await receiver.waitFor(3)
            #expect(received.count == 3)
            #expect(received.allSatisfy(Self.signatureIsValid))
            try await Task.sleep(for: .milliseconds(500))
            #expect(await receiver.log.received.count == 3)
            #expect(try core.store.webhookDeliveries(orderID: orderID).first?.attempts == 3)
        } catch {
            await shop.stop()
            await receiver.stop()
            throw error
        }
        await shop.stop()
        await receiver.stop()
    }
}
