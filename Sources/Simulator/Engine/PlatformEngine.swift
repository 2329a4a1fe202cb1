import Foundation
import Logging

/// The rules of the simulated platform: orders, payments, closes, refunds. No I/O but the store.
///
/// Time comes from an injected clock so tests can move it. Expired unpaid orders are closed lazily
/// whenever they are looked at, and by `tick()`. Lookups other than by number go through `index`, so no call
/// scans the whole book.
public actor PlatformEngine {
    let merchant: MerchantIdentity
    let settings: EngineSettings
    let store: SimulatorStore?
    let clock: @Sendable () -> Date
    private let logger = Logger(label: "paydesk.sim.engine")

    var orders: [String: SimOrder] = [:]
    var refunds: [String: SimRefund] = [:]
    var codeIssuedAt: [String: Date] = [:]
    var index = BookIndex()

    /// Loads every order and refund from `store` (when given).
    public init(
        merchant: MerchantIdentity, settings: EngineSettings = EngineSettings(), store: SimulatorStore? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.merchant = merchant
        self.settings = settings
        self.store = store
        self.clock = clock
        for order in try store?.loadOrders() ?? [] {
            index.update(from: orders[order.outTradeNo], to: order)
            orders[order.outTradeNo] = order
        }
        for refund in try store?.loadRefunds() ?? [] {
            index.update(from: refunds[refund.outRefundNo], to: refund)
            refunds[refund.outRefundNo] = refund
        }
    }

    // MARK: - Persistence

    func persist(_ order: SimOrder) throws {
        index.update(from: orders[order.outTradeNo], to: order)
        orders[order.outTradeNo] = order
        do { try store?.save(order: order) } catch {
            logger.error("cannot save order", metadata: ["out_trade_no": "\(order.outTradeNo)", "error": "\(error)"])
            throw PlatformError(status: 500, code: "SYSTEM_ERROR", message: "simulator storage failed")
        }
    }

    func persist(_ refund: SimRefund) throws {
        index.update(from: refunds[refund.outRefundNo], to: refund)
        refunds[refund.outRefundNo] = refund
        do { try store?.save(refund: refund) } catch {
            logger.error("cannot save refund", metadata: ["out_refund_no": "\(refund.outRefundNo)", "error": "\(error)"])
            throw PlatformError(status: 500, code: "SYSTEM_ERROR", message: "simulator storage failed")
        }
    }

    // MARK: - Prepay

    /// Creates an order, or returns the same one for an identical re-submission.
    public func prepay(_ parameters: PrepayParameters, authorizedMchid: String) throws -> SimOrder {
        let now = clock()
        let validated = try validate(parameters, authorizedMchid: authorizedMchid, now: now)
        if var existing = orders[validated.outTradeNo] {
            guard existing.fingerprint == parameters.fingerprint, existing.generation == parameters.generation else {
                // DESIGN.md §6 (contract) and the platform's error 268498688 "请求重入时，参数与首次请求时不一致".
                throw PlatformError(
                    status: 400, code: "INVALID_REQUEST",
                    message: "请求重入时，参数与首次请求时不一致: out_trade_no \(validated.outTradeNo) was already used with different parameters")
            }
            refreshExpiry(&existing, now: now)
            guard existing.awaitsPayment else {
                throw existing.tradeState == "CLOSED"
                    ? PlatformError(status: 400, code: "ORDER_CLOSED", message: "order \(existing.outTradeNo) is closed")
                    : PlatformError(status: 400, code: "ORDER_PAID", message: "order \(existing.outTradeNo) is already paid")
            }
            // A code older than its 2-hour lifetime is replaced, as the platform does.
            let issued = codeIssuedAt[existing.outTradeNo] ?? existing.createdAt
            if now.timeIntervalSince(issued) >= settings.codeLifetime {
                if existing.codeURL != nil { existing.codeURL = uniqueCodeURL() }
                if existing.prepayID != nil { existing.prepayID = Identifiers.prepayID(at: now) }
                codeIssuedAt[existing.outTradeNo] = now
                try persist(existing)
            }
            return existing
        }
        var order = validated
        if order.tradeType == "NATIVE" { order.codeURL = uniqueCodeURL() }
        // v2 unifiedorder answers a prepay_id for NATIVE too.
        if order.tradeType != "NATIVE" || order.generation == .v2 { order.prepayID = Identifiers.prepayID(at: now) }
        codeIssuedAt[order.outTradeNo] = now
        try persist(order)
        return order
    }

    private func uniqueCodeURL() -> String {
        var candidate = Identifiers.codeURL()
        while index.orderByCodeURL[candidate] != nil { candidate = Identifiers.codeURL() }
        return candidate
    }

    private func validate(_ p: PrepayParameters, authorizedMchid: String, now: Date) throws -> SimOrder {
        let appField = p.isPartner ? "sp_appid" : "appid"
        let mchField = p.isPartner ? "sp_mchid" : "mchid"
        guard let appid = p.appid, !appid.isEmpty else { throw PlatformError.param("\(appField) is required") }
        guard Validation.isAppID(appid) else { throw PlatformError.param("\(appField) \"\(appid)\" is not a valid appid (wx + 16 characters)") }
        guard let mchid = p.mchid, !mchid.isEmpty else { throw PlatformError.param("\(mchField) is required") }
        guard mchid == authorizedMchid else {
            throw PlatformError.param("\(mchField) \(mchid) does not match the mchid \(authorizedMchid) of the Authorization header")
        }
        guard mchid == merchant.mchid else { throw PlatformError(status: 400, code: "MCH_NOT_EXISTS", message: "merchant \(mchid) does not exist") }
        guard appid == merchant.appid else {
            throw PlatformError(status: 400, code: "APPID_MCHID_NOT_MATCH", message: "\(appField) \(appid) is not bound to \(mchField) \(mchid)")
        }
        var subMchid: String?
        if p.isPartner {
            subMchid = try Validation.subMchid(p.subMchid)
            if let subAppid = p.subAppid, !Validation.isAppID(subAppid) {
                throw PlatformError.param("sub_appid \"\(subAppid)\" is not a valid appid")
            }
        }
        let description = try Validation.description(p.description)
        let outTradeNo = try Validation.outTradeNo(p.outTradeNo)
        let notifyURL = try Validation.notifyURL(p.notifyURL)
        guard let total = p.total else { throw PlatformError.param("amount.total is required") }
        guard total >= 1 else { throw PlatformError.param("amount.total must be at least 1 fen, got \(total)") }
        guard total <= settings.maxOrderTotal else {
            throw PlatformError.param("amount.total \(total) exceeds the limit of \(settings.maxOrderTotal) fen")
        }
        guard (p.currency ?? "CNY") == "CNY" else { throw PlatformError.param("amount.currency must be CNY") }
        if let attach = p.attach, attach.count > 128 { throw PlatformError.param("attach is longer than 128 characters") }
        var timeExpire = now.addingTimeInterval(settings.maximumExpiry)
        if let text = p.timeExpire {
            guard let parsed = p.generation == .v2 ? BeijingTime.parseCompact(text) : BeijingTime.parseRFC3339(text) else {
                throw PlatformError.param(p.generation == .v2
                    ? "time_expire must be yyyyMMddHHmmss, got \"\(text)\""
                    : "time_expire must be RFC 3339 (e.g. 2026-01-01T12:00:00+08:00), got \"\(text)\"")
            }
            let ahead = parsed.timeIntervalSince(now)
            guard ahead >= settings.minimumExpiry - 5 else {
                throw PlatformError.param("time_expire must be at least 1 minute after now, got \(text)")
            }
            guard ahead <= settings.maximumExpiry else {
                throw PlatformError.param("time_expire must be at most 7 days after now, got \(text)")
            }
            timeExpire = parsed
        }
        if p.tradeType == "JSAPI", (p.openid ?? "").isEmpty {
            throw PlatformError.param(p.isPartner ? "payer.sp_openid or payer.sub_openid is required for JSAPI" : "payer.openid is required for JSAPI")
        }
        return SimOrder(
            outTradeNo: outTradeNo, generation: p.generation, tradeType: p.tradeType, appid: appid, mchid: mchid,
            subAppid: p.subAppid, subMchid: subMchid, description: description, attach: p.attach,
            notifyURL: notifyURL, total: total, currency: "CNY", requestedOpenid: p.openid, codeURL: nil,
            prepayID: nil, createdAt: now, timeExpire: timeExpire, fingerprint: p.fingerprint,
            v2SignType: p.v2SignType, tradeState: "NOTPAY", tradeStateDesc: TradeStateText.notPaid,
            transactionID: nil, successTime: nil, payerOpenid: nil, payerTotal: nil, closedAt: nil)
    }

    // MARK: - Query

    /// Closes an unpaid order whose `time_expire` has passed.
    func refreshExpiry(_ order: inout SimOrder, now: Date) {
        guard order.awaitsPayment, now >= order.timeExpire else { return }
        order.tradeState = "CLOSED"
        order.tradeStateDesc = TradeStateText.expired
        order.closedAt = order.timeExpire
        try? persist(order)
    }

    /// The order named by `outTradeNo`, current as of now.
    func current(_ outTradeNo: String) -> SimOrder? {
        guard var order = orders[outTradeNo] else { return nil }
        refreshExpiry(&order, now: clock())
        return order
    }

    /// Query by `out_trade_no` (any state); `subMchid` must match for partner orders.
    public func order(outTradeNo: String, mchid: String, subMchid: String? = nil) throws -> SimOrder {
        guard let order = current(outTradeNo), order.mchid == mchid, order.subMchid == subMchid else {
            throw PlatformError.orderNotExist(outTradeNo)
        }
        return order
    }

    /// Query by `transaction_id`: only orders that were paid have one.
    public func order(transactionID: String, mchid: String, subMchid: String? = nil) throws -> SimOrder {
        guard let number = index.orderByTransactionID[transactionID], let found = orders[number],
              found.mchid == mchid, found.subMchid == subMchid, let order = current(found.outTradeNo)
        else { throw PlatformError.orderNotExist(transactionID) }
        return order
    }

    /// Every order, newest first (control API).
    public func allOrders() -> [SimOrder] {
        orders.keys.compactMap { current($0) }.sorted { ($0.createdAt, $0.outTradeNo) > ($1.createdAt, $1.outTradeNo) }
    }

    /// The refunds of one order, oldest first.
    public func refunds(ofOrder outTradeNo: String) -> [SimRefund] {
        index.refundNumbers(ofOrder: outTradeNo).compactMap { refunds[$0] }.sorted { $0.createdAt < $1.createdAt }
    }

    /// Every refund, oldest first.
    public func allRefunds() -> [SimRefund] { refunds.values.sorted { ($0.createdAt, $0.outRefundNo) < ($1.createdAt, $1.outRefundNo) } }

    // MARK: - Close

    /// Closes an unpaid order; closing a closed order again succeeds, a paid one is `ORDER_PAID`.
    ///
    /// `minimumAge` (v2 `closeorder`): refuse with `FREQUENCY_LIMITED` while the order is younger than
    /// the v2 close interval (5 minutes, scaled).
    public func close(outTradeNo: String, mchid: String, subMchid: String? = nil, minimumAge: Bool = false) throws -> SimOrder {
        var order = try order(outTradeNo: outTradeNo, mchid: mchid, subMchid: subMchid)
        switch order.tradeState {
        case "CLOSED":
            return order
        case "SUCCESS", "REFUND":
            throw PlatformError(status: 400, code: "ORDER_PAID", message: "order \(outTradeNo) is paid and cannot be closed")
        default:
            if minimumAge {
                let earliest = order.createdAt.addingTimeInterval(settings.v2CloseInterval * settings.timeScale)
                if clock() < earliest {
                    throw PlatformError(status: 400, code: "FREQUENCY_LIMITED", message: "an order cannot be closed within 5 minutes of its creation")
                }
            }
            order.tradeState = "CLOSED"
            order.tradeStateDesc = TradeStateText.closed
            order.closedAt = clock()
            try persist(order)
            return order
        }
    }

    // MARK: - Customer actions (control API)

    /// The customer pays: NOTPAY/USERPAYING → SUCCESS. `payerTotal` defaults to the total.
    public func pay(outTradeNo: String, payerTotal: Int? = nil, openid: String? = nil) throws -> (SimOrder, [PlatformEvent]) {
        guard var order = current(outTradeNo) else { throw PlatformError.orderNotExist(outTradeNo) }
        try requirePayable(order)
        let now = clock()
        let paid = payerTotal ?? order.total
        guard paid >= 1, paid <= order.total else {
            throw PlatformError.param("payer_total must lie in 1...\(order.total), got \(paid)")
        }
        order.tradeState = "SUCCESS"
        order.tradeStateDesc = TradeStateText.paid
        order.transactionID = Identifiers.transactionID(at: now)
        order.successTime = now
        order.payerTotal = paid
        order.payerOpenid = openid ?? order.requestedOpenid ?? Identifiers.openid()
        try persist(order)
        return (order, [.paid(order)])
    }

    /// The customer scans `codeURL` and pays.
    public func pay(codeURL: String, payerTotal: Int? = nil, openid: String? = nil) throws -> (SimOrder, [PlatformEvent]) {
        guard let number = index.orderByCodeURL[codeURL], let order = orders[number] else {
            throw PlatformError(status: 404, code: "ORDER_NOT_EXIST", message: "no order has code_url \(codeURL)")
        }
        let issued = codeIssuedAt[order.outTradeNo] ?? order.createdAt
        guard clock().timeIntervalSince(issued) < settings.codeLifetime else {
            throw PlatformError.invalid("code_url has expired (valid 2 hours); prepay again for a new one")
        }
        return try pay(outTradeNo: order.outTradeNo, payerTotal: payerTotal, openid: openid)
    }

    /// The customer is entering the password: NOTPAY → USERPAYING.
    public func startPaying(outTradeNo: String) throws -> SimOrder {
        guard var order = current(outTradeNo) else { throw PlatformError.orderNotExist(outTradeNo) }
        try requirePayable(order)
        order.tradeState = "USERPAYING"
        order.tradeStateDesc = TradeStateText.userPaying
        try persist(order)
        return order
    }

    /// The payment fails: NOTPAY/USERPAYING → PAYERROR (no notification: only success is notified).
    public func fail(outTradeNo: String) throws -> SimOrder {
        guard var order = current(outTradeNo) else { throw PlatformError.orderNotExist(outTradeNo) }
        try requirePayable(order)
        order.tradeState = "PAYERROR"
        order.tradeStateDesc = TradeStateText.failed
        try persist(order)
        return order
    }

    private func requirePayable(_ order: SimOrder) throws {
        switch order.tradeState {
        case "NOTPAY", "USERPAYING": return
        case "CLOSED": throw PlatformError(status: 400, code: "ORDER_CLOSED", message: "order \(order.outTradeNo) is closed and cannot be paid")
        case "SUCCESS", "REFUND": throw PlatformError(status: 400, code: "ORDER_PAID", message: "order \(order.outTradeNo) is already paid")
        default: throw PlatformError.invalid("order \(order.outTradeNo) is \(order.tradeState) and cannot be paid")
        }
    }

    // MARK: - Time

    /// Closes expired orders and settles refunds whose auto-settle time has come.
    ///
    /// Only what the due queues hold up to now is looked at; a popped entry whose record has since changed
    /// (paid, closed, settled, or a new settle time queued again) is skipped.
    public func tick() -> [PlatformEvent] {
        let now = clock()
        for number in index.expiries.popDue(at: now) {
            if var order = orders[number] { refreshExpiry(&order, now: now) }
        }
        var events: [PlatformEvent] = []
        for number in index.settlements.popDue(at: now) {
            guard let refund = refunds[number], refund.status == "PROCESSING", let settleAt = refund.settleAt, now >= settleAt
            else { continue }
            if let (_, more) = try? settle(outRefundNo: refund.outRefundNo, outcome: .succeed) { events += more }
        }
        return events
    }
}

/// `trade_state_desc` texts as the platform writes them.
enum TradeStateText {
    static let notPaid = "订单未支付"
    static let paid = "支付成功"
    static let closed = "订单已关闭"
    static let expired = "订单已关闭（超过支付截止时间）"
    static let refund = "订单发生过退款"
    static let failed = "支付失败，请重新下单支付"
    static let userPaying = "用户支付中"
}
