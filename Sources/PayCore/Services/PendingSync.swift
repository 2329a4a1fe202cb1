import Foundation
import GRDB

/// What one sync sweep did (`paydesk orders sync`).
public struct SyncReport: Sendable, Equatable, Codable {
    /// One order whose status moved.
    public struct Change: Sendable, Equatable, Codable {
        public var outTradeNo: String
        public var from: OrderStatus
        public var to: OrderStatus

        enum CodingKeys: String, CodingKey {
            case from, to
            case outTradeNo = "out_trade_no"
        }
    }

    /// One order or refund that could not be settled this time (WeChat Pay unreachable, 5xx…).
    public struct Failure: Sendable, Equatable, Codable {
        /// The out_trade_no or out_refund_no.
        public var subject: String
        public var error: String
    }

    /// Orders asked about.
    public var ordersChecked = 0
    /// Refunds asked about.
    public var refundsChecked = 0
    /// Refunds WeChat Pay had never received, sent again with the same out_refund_no.
    public var refundsResent = 0
    /// Orders whose status moved, in the order they were settled.
    public var changes: [Change] = []
    /// What is still unknown; a later sweep tries again.
    public var failures: [Failure] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case changes, failures
        case ordersChecked = "orders_checked", refundsChecked = "refunds_checked", refundsResent = "refunds_resent"
    }
}

/// The "sync pending" sweep: asks WeChat Pay about every order and refund PayDesk does not hold as final and
/// applies the answers, so the local state converges even when notifications were dropped, nobody watched the
/// order, or a call's answer was lost (5xx, timeout).
///
/// Per item: a CREATED order (prepay answer lost) is queried and, when unknown to WeChat Pay after its expiry,
/// marked FAILED; a PENDING order is queried and closed at WeChat Pay once expired (as the watcher does); an order
/// flagged `needs_query` is queried; a PROCESSING or ABNORMAL refund is queried, and a PROCESSING one unknown to
/// WeChat Pay is sent again with the same out_refund_no. Only idempotent calls are made. Items younger than
/// `minimumAge` are left to the calls still in flight for them.
public final class PendingSync: Sendable {
    let context: CoreContext
    let checkout: CheckoutService
    let refunds: RefundService

    init(context: CoreContext, checkout: CheckoutService, refunds: RefundService) {
        self.context = context
        self.checkout = checkout
        self.refunds = refunds
    }

    private enum Item: Sendable {
        case order(OrderRecord)
        case refund(RefundRecord)
    }

    private enum Outcome: Sendable {
        case order(SyncReport.Change?)
        case refund(resent: Bool)
        case failed(SyncReport.Failure)
    }

    /// Runs one sweep with at most `concurrency` calls in flight; never throws: what fails is in the report.
    public func sweep(minimumAge: TimeInterval = 0, concurrency: Int = 4) async -> SyncReport {
        var report = SyncReport()
        let items: [Item]
        do {
            items = try workList(minimumAge: minimumAge)
        } catch {
            report.failures.append(.init(subject: "database", error: "\(error)"))
            return report
        }
        var next = items.makeIterator()
        await withTaskGroup(of: Outcome.self) { group in
            for _ in 0..<max(1, concurrency) {
                guard let item = next.next() else { break }
                group.addTask { await self.settle(item) }
            }
            while let outcome = await group.next() {
                switch outcome {
                case .order(let change):
                    report.ordersChecked += 1
                    if let change { report.changes.append(change) }
                case .refund(let resent):
                    report.refundsChecked += 1
                    if resent { report.refundsResent += 1 }
                case .failed(let failure):
                    report.failures.append(failure)
                }
                if let item = next.next() { group.addTask { await self.settle(item) } }
            }
        }
        return report
    }

    /// Orders not final (or flagged for a query) and refunds not settled, oldest first.
    private func workList(minimumAge: TimeInterval) throws -> [Item] {
        let cutoff = context.now().addingTimeInterval(-minimumAge)
        let (orders, refunds) = try context.store.read { db in
            let orders = try OrderRecord
                .filter([OrderStatus.created, .pending].contains(Column("status")) || Column("needs_query") == true)
                .order(Column("created_at")).fetchAll(db)
            let refunds = try RefundRecord.filter([RefundState.processing, .abnormal].contains(Column("status")))
                .order(Column("created_at")).fetchAll(db)
            return (orders, refunds)
        }
        return orders.filter { $0.createdAt <= cutoff }.map(Item.order)
            + refunds.filter { $0.createdAt <= cutoff }.map(Item.refund)
    }

    private func settle(_ item: Item) async -> Outcome {
        switch item {
        case .order(let order):
            do {
                let updated = try await settle(order)
                guard updated.status != order.status else { return .order(nil) }
                return .order(.init(outTradeNo: order.outTradeNo, from: order.status, to: updated.status))
            } catch {
                return .failed(.init(subject: order.outTradeNo, error: error.description))
            }
        case .refund(let refund):
            do {
                return .refund(resent: try await refunds.resolve(outRefundNo: refund.outRefundNo).resent)
            } catch {
                return .failed(.init(subject: refund.outRefundNo, error: error.description))
            }
        }
    }

    private func settle(_ order: OrderRecord) async throws(PayCoreError) -> OrderRecord {
        switch order.status {
        case .created:
            return try await checkout.resolveUnknownPrepay(outTradeNo: order.outTradeNo)
        case .pending:
            let updated = try await checkout.query(outTradeNo: order.outTradeNo)
            if updated.status.isAwaitingPayment, let expiresAt = updated.expiresAt, expiresAt <= context.now() {
                return try await checkout.expire(outTradeNo: order.outTradeNo)
            }
            return updated
        default:
            return try await checkout.query(outTradeNo: order.outTradeNo)
        }
    }
}
