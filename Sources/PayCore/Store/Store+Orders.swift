import Foundation
import GRDB

extension Store {
    // MARK: - Orders

    /// Inserts a new order (and its search entry) and returns it with its id.
    ///
    /// Throws `StoreError.duplicateOrder` when the `out_trade_no`, or the business number for this merchant,
    /// is taken; callers look the existing order up with `order(businessNo:merchantID:)` for idempotent creation.
    public func insertOrder(_ order: OrderRecord) throws -> OrderRecord {
        do {
            return try write { db in try Self.insertOrder(order, in: db) }
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw StoreError.duplicateOrder(order.businessNo ?? order.outTradeNo)
        }
    }

    /// Inserts an order inside a caller's transaction.
    public static func insertOrder(_ order: OrderRecord, in db: Database) throws -> OrderRecord {
        var order = order
        try order.insert(db)
        try SearchIndex.upsert(order, in: db)
        return order
    }

    /// The order with this `out_trade_no`, if any.
    public func order(outTradeNo: String) throws -> OrderRecord? {
        try read { db in try Self.order(outTradeNo: outTradeNo, in: db) }
    }

    /// The order with this `out_trade_no` inside a caller's transaction.
    ///
    /// Hot lookups use statements prepared once per connection (`cachedStatement`): preparing `SELECT *` on the
    /// wide orders table (parser, name resolution, GRDB's authorizer per column) was 30 % of the notification
    /// writer's time in the ingest profile (docs/performance.md).
    public static func order(outTradeNo: String, in db: Database) throws -> OrderRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM orders WHERE out_trade_no = ?")
        return try OrderRecord.fetchOne(statement, arguments: [outTradeNo])
    }

    /// The order created for this business number at this merchant, if any (idempotent creation).
    public func order(businessNo: String, merchantID: Int64) throws -> OrderRecord? {
        try read { db in
            try OrderRecord.filter(Column("merchant_id") == merchantID && Column("business_no") == businessNo)
                .fetchOne(db)
        }
    }

    /// The order with this WeChat Pay transaction id, if any.
    public func order(transactionID: String) throws -> OrderRecord? {
        try read { db in try OrderRecord.filter(Column("transaction_id") == transactionID).fetchOne(db) }
    }

    /// Orders flagged `needs_query`, oldest first (the reconciler's work list).
    public func ordersNeedingQuery(limit: Int = 100) throws -> [OrderRecord] {
        try read { db in
            try OrderRecord.filter(Column("needs_query") == true).order(Column("created_at")).limit(limit).fetchAll(db)
        }
    }

    /// Orders still awaiting payment, oldest first (to resume polling after a restart).
    public func ordersAwaitingPayment(limit: Int = 100) throws -> [OrderRecord] {
        try read { db in
            try OrderRecord.filter([OrderStatus.created, .pending].contains(Column("status")))
                .order(Column("created_at")).limit(limit).fetchAll(db)
        }
    }

    /// A cheap estimate of the number of orders (the largest row id), for scrollbars; exact unless rows were deleted.
    public func estimatedOrderCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT max(id) FROM orders") ?? 0 }
    }

    // MARK: - Facts

    /// Applies `fact` to the order through the state machine in one write transaction, then runs `alsoInTransaction`
    /// (e.g. marking a notification processed) in the same transaction. If anything throws, nothing is written.
    ///
    /// Refused and unchanged facts write nothing to the order but still run `alsoInTransaction`.
    @discardableResult
    public func applyFact(
        outTradeNo: String, fact: OrderFact, now: Date = Date(),
        alsoInTransaction: (Database, Transition) throws -> Void = { _, _ in }
    ) throws -> Transition {
        try write { db in
            let transition = try Self.applyFact(outTradeNo: outTradeNo, fact: fact, now: now, in: db)
            try alsoInTransaction(db, transition)
            return transition
        }
    }

    /// Applies `fact` inside a caller's write transaction.
    public static func applyFact(
        outTradeNo: String, fact: OrderFact, now: Date, in db: Database, newRefund: RefundRecord? = nil
    ) throws -> Transition {
        guard let order = try order(outTradeNo: outTradeNo, in: db) else { throw StoreError.orderNotFound(outTradeNo) }
        return try applyFact(to: order, fact: fact, now: now, in: db, newRefund: newRefund)
    }

    /// `applyFact` for an order the caller has just read in this same transaction (saves reading it again).
    static func applyFact(
        to order: OrderRecord, fact: OrderFact, now: Date, in db: Database, newRefund: RefundRecord? = nil
    ) throws -> Transition {
        var order = order
        guard let orderID = order.id else { throw StoreError.orderNotFound(order.outTradeNo) }
        let refunds = try refundRecords(orderID: orderID, in: db)
        let transition = OrderStateMachine.apply(fact, to: order.snapshot(refunds: refunds), at: now)
        guard transition.outcome == .applied else { return transition }
        try writeRefundChanges(
            transition.order.refunds, existing: refunds, orderID: orderID, template: newRefund, now: now, in: db)
        let oldTransactionID = order.transactionID
        order.absorb(transition.order, at: now)
        try order.updateState(db)
        if order.transactionID != oldTransactionID { try SearchIndex.upsert(order, in: db) }
        return transition
    }

    private static func writeRefundChanges(
        _ entries: [RefundEntry], existing: [RefundRecord], orderID: Int64, template: RefundRecord?, now: Date,
        in db: Database
    ) throws {
        for entry in entries {
            if var record = existing.first(where: { $0.outRefundNo == entry.outRefundNo }) {
                guard record.status != entry.status || record.refundID != entry.refundID else { continue }
                record.status = entry.status
                record.refundID = entry.refundID
                if entry.status == .success && record.succeededAt == nil { record.succeededAt = now }
                record.updatedAt = now
                try record.update(db)
            } else {
                var record =
                    template.flatMap { $0.outRefundNo == entry.outRefundNo ? $0 : nil }
                    ?? RefundRecord(orderID: orderID, outRefundNo: entry.outRefundNo, amount: entry.amount, createdAt: now)
                record.orderID = orderID
                record.status = entry.status
                record.refundID = entry.refundID ?? record.refundID
                if entry.status == .success && record.succeededAt == nil { record.succeededAt = now }
                record.updatedAt = now
                try record.insert(db)
            }
        }
    }

    // MARK: - Refunds

    /// Records a refund request (the refund row with its reason and accounts) and moves the order to REFUNDING,
    /// in one transaction. Throws `StoreError.refused` when the order cannot take it (over the remainder, unpaid).
    @discardableResult
    public func requestRefund(outTradeNo: String, refund: RefundRecord, now: Date = Date()) throws -> Transition {
        try write { db in
            let fact = OrderFact.refundRequested(
                RefundFact(outRefundNo: refund.outRefundNo, amount: refund.amount, refundID: refund.refundID))
            let transition = try Self.applyFact(outTradeNo: outTradeNo, fact: fact, now: now, in: db, newRefund: refund)
            if case .refused(let reason) = transition.outcome { throw StoreError.refused(reason) }
            return transition
        }
    }

    /// The refund with this `out_refund_no`, if any.
    public func refund(outRefundNo: String) throws -> RefundRecord? {
        try read { db in try Self.refund(outRefundNo: outRefundNo, in: db) }
    }

    /// The refunds of an order, oldest first.
    public func refunds(outTradeNo: String) throws -> [RefundRecord] {
        try read { db in
            guard let orderID = try Self.order(outTradeNo: outTradeNo, in: db)?.id else { return [] }
            return try Self.refundRecords(orderID: orderID, in: db)
        }
    }

    /// Saves details learned later (refund_id, accounts, success time). Status changes go through `applyFact`.
    public func updateRefundDetails(_ refund: RefundRecord) throws {
        try write { db in
            guard var stored = try Self.refund(outRefundNo: refund.outRefundNo, in: db) else {
                throw StoreError.refundNotFound(refund.outRefundNo)
            }
            stored.refundID = refund.refundID ?? stored.refundID
            stored.channel = refund.channel ?? stored.channel
            stored.fundsAccount = refund.fundsAccount ?? stored.fundsAccount
            stored.userReceivedAccount = refund.userReceivedAccount ?? stored.userReceivedAccount
            stored.payerRefund = refund.payerRefund ?? stored.payerRefund
            stored.succeededAt = refund.succeededAt ?? stored.succeededAt
            stored.reason = refund.reason ?? stored.reason
            stored.updatedAt = Date()
            try stored.update(db)
        }
    }

    /// What can still be refunded on `order`: total minus successful and in-flight refunds (0 unless paid).
    public func refundableRemainder(outTradeNo: String) throws -> Int {
        try read { db in
            guard let order = try Self.order(outTradeNo: outTradeNo, in: db), let orderID = order.id else {
                throw StoreError.orderNotFound(outTradeNo)
            }
            return order.snapshot(refunds: try Self.refundRecords(orderID: orderID, in: db)).refundableRemainder
        }
    }

    static func refundRecords(orderID: Int64, in db: Database) throws -> [RefundRecord] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM refunds WHERE order_id = ? ORDER BY created_at, id")
        return try RefundRecord.fetchAll(statement, arguments: [orderID])
    }

    /// The refund with this `out_refund_no` inside a caller's transaction.
    static func refund(outRefundNo: String, in db: Database) throws -> RefundRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM refunds WHERE out_refund_no = ?")
        return try RefundRecord.fetchOne(statement, arguments: [outRefundNo])
    }
}
