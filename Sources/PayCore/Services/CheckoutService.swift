import Foundation
import GRDB
import WeChatPay

/// What the cashier asks for: an amount, a description, optionally an idempotency key and overrides.
public struct CheckoutRequest: Sendable, Equatable {
    /// Amount in fen.
    public var total: Int
    /// What the customer sees in WeChat (at most 127 bytes).
    public var description: String
    /// The caller's own order number: the same request with it returns the same order.
    public var businessNo: String?
    /// QR lifetime in seconds; the configuration's `qr_lifetime` when nil. Bounds: 1 minute … 90 days.
    public var expiresIn: TimeInterval?
    /// Overrides the configured notify URL.
    public var notifyURL: String?
    /// Merchant data echoed by WeChat Pay.
    public var attach: String?

    /// Creates a request.
    public init(
        total: Int, description: String, businessNo: String? = nil, expiresIn: TimeInterval? = nil,
        notifyURL: String? = nil, attach: String? = nil
    ) {
        self.total = total
        self.description = description
        self.businessNo = businessNo
        self.expiresIn = expiresIn
        self.notifyURL = notifyURL
        self.attach = attach
    }
}

/// Creates Native orders (QR codes), refreshes expired ones, closes and cancels them, queries them.
public actor CheckoutService {
    /// The largest single Native payment PayDesk accepts (WeChat Pay's per-order ceiling for most merchants).
    public static let maximumTotal = 100_000_000
    let context: CoreContext

    init(context: CoreContext) { self.context = context }

    /// Creates an order and its QR; idempotent on `businessNo` (same parameters → the same order, else refused).
    public func create(_ request: CheckoutRequest) async throws(PayCoreError) -> OrderRecord {
        let lifetime = request.expiresIn ?? context.configuration.qrLifetime
        try validate(request, lifetime: lifetime)
        if let businessNo = request.businessNo, let existing = try existingOrder(businessNo: businessNo, matching: request) {
            return try await ensurePrepaid(existing)
        }
        guard let defaultURL = request.notifyURL ?? context.notifyURL.current else {
            throw .invalidInput("no notify URL: set checkout.notify_url or pass one")
        }
        let notifyURL = context.gateway.paymentNotifyURL(defaultURL)
        let now = context.now()
        let order = OrderRecord(
            merchantID: context.merchantID, outTradeNo: OutTradeNo.generate(now: now), description: request.description,
            total: request.total, createdAt: now, expiresAt: now.addingTimeInterval(lifetime),
            businessNo: request.businessNo, attach: request.attach, feeRatePPM: context.configuration.feeRatePPM,
            notifyURL: notifyURL)
        let stored: OrderRecord
        do {
            stored = try context.store.insertOrder(order)
        } catch StoreError.duplicateOrder {
            // Another caller created it with the same business number at the same moment.
            guard let businessNo = request.businessNo,
                let existing = try existingOrder(businessNo: businessNo, matching: request)
            else { throw .idempotencyConflict("order number collision; try again") }
            return try await ensurePrepaid(existing)
        } catch {
            throw PayCoreError.wrap(error)
        }
        context.events.publish(.orderUpdated(stored))
        return try await ensurePrepaid(stored)
    }

    /// Closes an unpaid order at WeChat Pay and creates a new one (new out_trade_no, fresh lifetime) for the same
    /// sale; the business number moves to the new order. Returns the new order.
    public func refresh(outTradeNo: String) async throws(PayCoreError) -> OrderRecord {
        let old = try context.order(outTradeNo)
        if old.status.isAwaitingPayment {
            try await closeRemotely(old, reason: .refreshed)
        } else if old.status != .closed && old.status != .failed {
            throw .orderNotPayable("order \(outTradeNo) is \(old.status.rawValue); only unpaid orders can be refreshed")
        }
        let now = context.now()
        let lifetime = old.expiresAt.map { max($0.timeIntervalSince(old.createdAt), 60) } ?? context.configuration.qrLifetime
        var fresh = OrderRecord(
            merchantID: context.merchantID, outTradeNo: OutTradeNo.generate(now: now), description: old.description,
            total: old.total, createdAt: now, expiresAt: now.addingTimeInterval(lifetime), businessNo: old.businessNo,
            attach: old.attach, feeRatePPM: context.configuration.feeRatePPM, notifyURL: old.notifyURL)
        fresh = try context.storage {
            try context.store.write { db in
                if let oldID = old.id, old.businessNo != nil {
                    try db.execute(sql: "UPDATE orders SET business_no = NULL WHERE id = ?", arguments: [oldID])
                }
                return try Store.insertOrder(fresh, in: db)
            }
        }
        context.events.publish(.orderUpdated(fresh))
        return try await ensurePrepaid(fresh)
    }

    /// Closes an unpaid order at WeChat Pay (the customer can no longer pay it).
    public func close(outTradeNo: String) async throws(PayCoreError) -> OrderRecord {
        let order = try context.order(outTradeNo)
        guard order.status.isAwaitingPayment else {
            if order.status == .closed { return order }
            throw .orderNotPayable("order \(outTradeNo) is \(order.status.rawValue) and cannot be closed")
        }
        return try await closeRemotely(order, reason: .cancelled)
    }

    /// Cancels the sale: closes the order at WeChat Pay when it was created there, locally otherwise.
    public func cancel(outTradeNo: String) async throws(PayCoreError) -> OrderRecord {
        let order = try context.order(outTradeNo)
        // A CREATED order without a QR may still exist at WeChat Pay (its prepay answer was lost), so only a
        // refused (FAILED) order is closed locally alone.
        if order.status == .failed {
            return try context.apply(.localClose(reason: .cancelled), to: outTradeNo)
        }
        return try await close(outTradeNo: outTradeNo)
    }

    /// Closes an expired unpaid order at WeChat Pay and marks it CLOSED (EXPIRED). Used by the watcher.
    public func expire(outTradeNo: String) async throws(PayCoreError) -> OrderRecord {
        let order = try context.order(outTradeNo)
        guard order.status.isAwaitingPayment else { return order }
        return try await closeRemotely(order, reason: .expired)
    }

    /// Asks WeChat Pay about the order now and applies the answer.
    public func query(outTradeNo: String) async throws(PayCoreError) -> OrderRecord {
        let order = try context.order(outTradeNo)
        let transaction: GatewayTransaction
        do {
            transaction = try await context.gateway.query(outTradeNo: outTradeNo)
        } catch let error where Self.isOrderNotExist(error) {
            return order
        }
        return try absorb(transaction, order: order)
    }

    /// Settles a CREATED order whose prepay answer never arrived (the sync sweep): WeChat Pay's view is applied
    /// when it has the order; when it has none and the order's lifetime is over, no customer can ever pay it
    /// (nobody has its QR), so it becomes FAILED. Before expiry it stays CREATED: `create` with the same business
    /// number repeats the prepay call.
    func resolveUnknownPrepay(outTradeNo: String) async throws(PayCoreError) -> OrderRecord {
        let order = try context.order(outTradeNo)
        guard order.status == .created else { return order }
        do {
            return try absorb(try await context.gateway.query(outTradeNo: outTradeNo), order: order)
        } catch let error where Self.isOrderNotExist(error) {
            guard let expiresAt = order.expiresAt, expiresAt <= context.now() else { return order }
            return try context.apply(.prepayFailed(reason: "never created at WeChat Pay; expired"), to: outTradeNo)
        }
    }

    /// Records a query answer and applies it.
    private func absorb(_ transaction: GatewayTransaction, order: OrderRecord) throws(PayCoreError) -> OrderRecord {
        let outTradeNo = order.outTradeNo
        context.snapshot(.transaction, .query, json: transaction.json, outTradeNo: outTradeNo)
        if let total = transaction.total, total != order.total {
            context.events.publish(
                .alert(outTradeNo: outTradeNo, message: "WeChat Pay reports \(total) fen, the order is \(order.total) fen"))
        }
        return try context.apply(.queriedTradeState(transaction.observation), to: outTradeNo)
    }

    // MARK: - Steps

    private func validate(_ request: CheckoutRequest, lifetime: TimeInterval) throws(PayCoreError) {
        guard request.total > 0 else { throw .invalidInput("the amount must be at least 0.01") }
        guard request.total <= Self.maximumTotal else {
            throw .invalidInput("the amount must be at most \(AmountParser.formatYuan(Self.maximumTotal))")
        }
        let description = request.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty else { throw .invalidInput("the description is empty") }
        guard request.description.utf8.count <= 127 else { throw .invalidInput("the description exceeds 127 bytes") }
        guard PayDeskConfiguration.qrLifetimeBounds.contains(lifetime) else {
            throw .invalidInput("the QR lifetime must be between 1 minute and 90 days")
        }
        if let businessNo = request.businessNo, businessNo.isEmpty || businessNo.count > 64 {
            throw .invalidInput("the business number must be 1–64 characters")
        }
    }

    /// The order already created for `businessNo`, when its parameters match; a conflict otherwise.
    private func existingOrder(businessNo: String, matching request: CheckoutRequest) throws(PayCoreError) -> OrderRecord? {
        guard let existing = try context.storage({ try context.store.order(businessNo: businessNo, merchantID: context.merchantID) })
        else { return nil }
        guard existing.total == request.total, existing.description == request.description,
            request.attach == nil || existing.attach == request.attach
        else {
            throw .idempotencyConflict(
                "business number \(businessNo) was used for order \(existing.outTradeNo) with different parameters")
        }
        return existing
    }

    /// Makes the prepay call for an unpaid order without a QR (again after a failed attempt: same out_trade_no and
    /// identical parameters, which WeChat Pay answers with the same code_url).
    private func ensurePrepaid(_ order: OrderRecord) async throws(PayCoreError) -> OrderRecord {
        guard order.status.isAwaitingPayment, order.codeURL == nil else { return order }
        guard let expiresAt = order.expiresAt, let notifyURL = order.notifyURL else {
            throw .invalidInput("order \(order.outTradeNo) has no expiry or notify URL")
        }
        do {
            let answer = try await context.gateway.createNative(
                outTradeNo: order.outTradeNo, description: order.description, total: order.total,
                timeExpire: expiresAt, notifyURL: notifyURL, attach: order.attach)
            return try context.apply(.prepayOK(codeURL: answer.codeURL, prepayID: answer.prepayID), to: order.outTradeNo)
        } catch let error where error.isOutcomeUnknown {
            // WeChat Pay may or may not hold the order: it stays CREATED, never FAILED, so that the same call can
            // be repeated (create with the business number) or its outcome queried (`PaymentCore.sync`).
            throw error
        } catch .platform(let code, let message, let status) {
            _ = try? context.apply(.prepayFailed(reason: "\(code): \(message)"), to: order.outTradeNo)
            throw .platform(code: code, message: message, status: status)
        }
    }

    /// Calls close at WeChat Pay (also for a CREATED order: its prepay may have reached WeChat Pay without the
    /// answer coming back), then records the local close; a paid order is queried instead.
    @discardableResult
    private func closeRemotely(_ order: OrderRecord, reason: CloseReason) async throws(PayCoreError) -> OrderRecord {
        do {
            try await context.gateway.close(outTradeNo: order.outTradeNo)
        } catch let error where Self.isOrderPaid(error) {
            let updated = try await query(outTradeNo: order.outTradeNo)
            throw .orderNotPayable("order \(updated.outTradeNo) is already paid")
        } catch let error where Self.isOrderNotExist(error) {
            // Never created at WeChat Pay: closing locally is enough.
        }
        return try context.apply(.localClose(reason: reason), to: order.outTradeNo)
    }

    static func isOrderPaid(_ error: PayCoreError) -> Bool {
        if case .platform(let code, _, _) = error { return normalized(code) == "ORDERPAID" }
        return false
    }

    static func isOrderNotExist(_ error: PayCoreError) -> Bool {
        if case .platform(let code, _, _) = error { return normalized(code) == "ORDERNOTEXIST" }
        return false
    }

    static func normalized(_ code: String) -> String { code.uppercased().filter { $0 != "_" } }
}
