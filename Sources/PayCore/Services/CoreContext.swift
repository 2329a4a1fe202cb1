import Foundation
import Logging

/// What every service shares: the store, the event hub, the gateway, the configuration and the merchant row.
struct CoreContext: Sendable {
    let configuration: PayDeskConfiguration
    let store: Store
    let events: EventHub
    let gateway: any PaymentGateway
    let merchantID: Int64
    /// The default notify URL of new orders (the configuration's, or the embedded listener's).
    let notifyURL: NotifyURLSetting
    let logger: Logger
    let now: @Sendable () -> Date

    /// Runs a store call, mapping its errors.
    func storage<T>(_ body: () throws -> T) throws(PayCoreError) -> T {
        do {
            return try body()
        } catch {
            throw PayCoreError.wrap(error)
        }
    }

    /// The order or `orderNotFound`.
    func order(_ outTradeNo: String) throws(PayCoreError) -> OrderRecord {
        guard let order = try storage({ try store.order(outTradeNo: outTradeNo) }) else {
            throw .orderNotFound(outTradeNo)
        }
        return order
    }

    /// Applies a fact, publishes the new row (and alerts it raised) and returns it.
    @discardableResult
    func apply(_ fact: OrderFact, to outTradeNo: String) throws(PayCoreError) -> OrderRecord {
        let transition = try storage { try store.applyFact(outTradeNo: outTradeNo, fact: fact, now: now()) }
        let order = try self.order(outTradeNo)
        publishChanges(order: order, transition: transition)
        return order
    }

    /// Publishes an order change and any alert the transition raised; `refunds` are the refunds the change wrote
    /// when the caller already knows them (else they are read from the store).
    func publishChanges(order: OrderRecord, transition: Transition, refunds: [RefundRecord]? = nil) {
        guard transition.outcome == .applied else { return }
        events.publish(.orderUpdated(order))
        for alert in transition.raisedAlerts {
            events.publish(.alert(outTradeNo: order.outTradeNo, message: alert.message))
        }
        let changed = refunds ?? ((try? store.refunds(outTradeNo: order.outTradeNo)) ?? []).filter {
            $0.updatedAt >= order.updatedAt
        }
        for refund in changed { events.publish(.refundUpdated(refund)) }
    }

    /// Records a query or creation answer as a snapshot.
    func snapshot(_ kind: SnapshotRecord.Kind, _ source: SnapshotRecord.Source, json: String, outTradeNo: String?, outRefundNo: String? = nil) {
        let record = SnapshotRecord(
            kind: kind, source: source, json: json, takenAt: now(), outTradeNo: outTradeNo, outRefundNo: outRefundNo)
        do {
            try store.insertSnapshot(record)
        } catch {
            logger.warning("cannot store snapshot: \(error)")
        }
    }
}
