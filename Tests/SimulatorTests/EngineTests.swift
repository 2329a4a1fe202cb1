import Foundation
import Testing
@testable import Simulator

/// Platform rules, exercised on the engine with an injected clock and an in-memory store.
@Suite struct EngineTests {
    let merchant = MerchantIdentity(mchid: "1900000001", appid: "wx0123456789abcdef")
    let clock = TestClock()

    func engine(_ settings: EngineSettings = EngineSettings()) throws -> PlatformEngine {
        try PlatformEngine(merchant: merchant, settings: settings, store: SimulatorStore(), clock: clock.closure)
    }

    func native(_ number: String = "ORDER-0001", total: Int? = 1250, fingerprint: String? = nil) -> PrepayParameters {
        PrepayParameters(
            tradeType: "NATIVE", isPartner: false, appid: merchant.appid, mchid: merchant.mchid, description: "coffee",
            outTradeNo: number, notifyURL: "http://127.0.0.1:9/notify", total: total,
            fingerprint: fingerprint ?? "\(number)|\(total ?? 0)")
    }

    func paramError(_ engine: PlatformEngine, _ parameters: PrepayParameters, mentions text: String) async {
        do {
            _ = try await engine.prepay(parameters, authorizedMchid: merchant.mchid)
            Issue.record("expected PARAM_ERROR mentioning \(text)")
        } catch let error as PlatformError {
            #expect(error.code == "PARAM_ERROR" && error.status == 400)
            #expect(error.message.contains(text), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func nativePrepayIssuesCodeURLAndStartsUnpaid() async throws {
        let engine = try engine()
        let order = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        let codeURL = try #require(order.codeURL)
        #expect(codeURL.hasPrefix("weixin://wxpay/bizpayurl?pr="))
        let suffix = codeURL.dropFirst("weixin://wxpay/bizpayurl?pr=".count)
        #expect((7...10).contains(suffix.count) && suffix.allSatisfy { $0.isLetter || $0.isNumber })
        #expect(order.tradeState == "NOTPAY")
        #expect(order.timeExpire == clock.now.addingTimeInterval(7 * 86_400))
    }

    @Test func rejectsInvalidPrepayFieldsWithNamedParamErrors() async throws {
        let engine = try engine()
        var p = native()
        p.description = String(repeating: "x", count: 128)
        await paramError(engine, p, mentions: "description")
        p = native("abc")
        await paramError(engine, p, mentions: "out_trade_no")
        p = native("ORDER#0001")
        await paramError(engine, p, mentions: "out_trade_no")
        p = native(total: 0)
        await paramError(engine, p, mentions: "amount.total")
        p = native(total: 10_000_001)
        await paramError(engine, p, mentions: "exceeds")
        p = native()
        p.currency = "USD"
        await paramError(engine, p, mentions: "currency")
        p.currency = "CNY"
        p.notifyURL = "https://example.com/notify?order=1"
        await paramError(engine, p, mentions: "query string")
        p.notifyURL = "/notify"
        await paramError(engine, p, mentions: "absolute")
        p = native()
        p.appid = "not-an-appid"
        await paramError(engine, p, mentions: "appid")
        p = native()
        p.mchid = "1900000002"
        await paramError(engine, p, mentions: "Authorization")
        p = native()
        p.tradeType = "JSAPI"
        await paramError(engine, p, mentions: "payer.openid")
    }

    @Test func timeExpireMustLieBetweenOneMinuteAndSevenDays() async throws {
        let engine = try engine()
        var p = native()
        p.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(30))
        await paramError(engine, p, mentions: "at least 1 minute")
        p.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(8 * 86_400))
        await paramError(engine, p, mentions: "at most 7 days")
        p.timeExpire = "tomorrow"
        await paramError(engine, p, mentions: "RFC 3339")
        p.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(600))
        let order = try await engine.prepay(p, authorizedMchid: merchant.mchid)
        #expect(order.timeExpire == clock.now.addingTimeInterval(600))
    }

    @Test func foreignAppidIsNotBoundToMerchant() async throws {
        let engine = try engine()
        var p = native()
        p.appid = "wxffffffffffffffff"
        await #expect(throws: PlatformError(status: 400, code: "APPID_MCHID_NOT_MATCH", message: "appid wxffffffffffffffff is not bound to mchid \(merchant.mchid)")) {
            try await engine.prepay(p, authorizedMchid: merchant.mchid)
        }
    }

    @Test func duplicateOutTradeNoReturnsSameCodeOnlyForIdenticalParameters() async throws {
        let engine = try engine()
        let first = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        let again = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        #expect(again.codeURL == first.codeURL)
        do {
            _ = try await engine.prepay(native(total: 999), authorizedMchid: merchant.mchid)
            Issue.record("expected OUT_TRADE_NO_USED")
        } catch let error as PlatformError {
            #expect(error.code == "OUT_TRADE_NO_USED" && error.status == 403)
        }
    }

    @Test func codeURLsAreUnique() async throws {
        let engine = try engine()
        var seen = Set<String>()
        for index in 0..<50 {
            let order = try await engine.prepay(native("UNIQUE-\(index)"), authorizedMchid: merchant.mchid)
            seen.insert(try #require(order.codeURL))
        }
        #expect(seen.count == 50)
    }

    @Test func unpaidOrderAutoClosesAtTimeExpireAndRefusesPayment() async throws {
        let engine = try engine()
        var p = native()
        p.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(120))
        _ = try await engine.prepay(p, authorizedMchid: merchant.mchid)
        clock.advance(121)
        let order = try await engine.order(outTradeNo: "ORDER-0001", mchid: merchant.mchid)
        #expect(order.tradeState == "CLOSED")
        await #expect(throws: PlatformError.self) { try await engine.pay(outTradeNo: "ORDER-0001") }
    }

    @Test func payingSetsTransactionAndEmitsOnePaidEvent() async throws {
        let engine = try engine()
        _ = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        let (order, events) = try await engine.pay(outTradeNo: "ORDER-0001", payerTotal: 1000)
        let id = try #require(order.transactionID)
        #expect(id.count == 28 && id.hasPrefix("4200000") && id.allSatisfy(\.isNumber))
        #expect(order.tradeState == "SUCCESS" && order.payerTotal == 1000)
        #expect(events == [.paid(order)])
        #expect(try await engine.order(transactionID: id, mchid: merchant.mchid).outTradeNo == "ORDER-0001")
    }

    @Test func unpaidOrderCannotBeQueriedByTransactionID() async throws {
        let engine = try engine()
        _ = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        await #expect(throws: PlatformError.orderNotExist("4200000000000000000000000000")) {
            try await engine.order(transactionID: "4200000000000000000000000000", mchid: merchant.mchid)
        }
    }

    @Test func closeIsIdempotentAndRefusedOncePaid() async throws {
        let engine = try engine()
        _ = try await engine.prepay(native("CLOSE-ME"), authorizedMchid: merchant.mchid)
        #expect(try await engine.close(outTradeNo: "CLOSE-ME", mchid: merchant.mchid).tradeState == "CLOSED")
        #expect(try await engine.close(outTradeNo: "CLOSE-ME", mchid: merchant.mchid).tradeState == "CLOSED")
        _ = try await engine.prepay(native("PAID-ONE"), authorizedMchid: merchant.mchid)
        _ = try await engine.pay(outTradeNo: "PAID-ONE")
        do {
            _ = try await engine.close(outTradeNo: "PAID-ONE", mchid: merchant.mchid)
            Issue.record("expected ORDER_PAID")
        } catch let error as PlatformError {
            #expect(error.code == "ORDER_PAID")
        }
    }

    @Test func v2CloseIsRefusedWithinScaledFiveMinutes() async throws {
        var settings = EngineSettings()
        settings.timeScale = 0.5
        let engine = try engine(settings)
        _ = try await engine.prepay(native("V2-CLOSE"), authorizedMchid: merchant.mchid)
        clock.advance(149)
        await #expect(throws: PlatformError.self) {
            try await engine.close(outTradeNo: "V2-CLOSE", mchid: merchant.mchid, minimumAge: true)
        }
        clock.advance(2)
        #expect(try await engine.close(outTradeNo: "V2-CLOSE", mchid: merchant.mchid, minimumAge: true).tradeState == "CLOSED")
    }

    func refund(_ number: String, _ amount: Int, total: Int = 1250, order: String = "ORDER-0001") -> RefundParameters {
        RefundParameters(outTradeNo: order, outRefundNo: number, refund: amount, total: total, fingerprint: "\(number)|\(amount)|\(total)")
    }

    @Test func refundsRespectRefundableAmountAndSettle() async throws {
        let engine = try engine()
        _ = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        await #expect(throws: PlatformError.self) { try await engine.createRefund(refund("R-UNPAID", 100)) }
        _ = try await engine.pay(outTradeNo: "ORDER-0001")
        let first = try await engine.createRefund(refund("R-1", 500))
        #expect(first.status == "PROCESSING")
        #expect(try await engine.order(outTradeNo: "ORDER-0001", mchid: merchant.mchid).tradeState == "REFUND")
        _ = try await engine.createRefund(refund("R-2", 500))
        do {
            _ = try await engine.createRefund(refund("R-3", 251))
            Issue.record("expected NOT_ENOUGH")
        } catch let error as PlatformError {
            #expect(error.code == "NOT_ENOUGH" && error.status == 403)
        }
        await #expect(throws: PlatformError.self) { try await engine.createRefund(refund("R-4", 100, total: 1000)) }
        #expect(try await engine.createRefund(refund("R-1", 500)).refundID == first.refundID)
        await #expect(throws: PlatformError.self) { try await engine.createRefund(refund("R-1", 400)) }
        let (closed, events) = try await engine.settle(outRefundNo: "R-2", outcome: .close)
        #expect(closed.status == "CLOSED" && events.count == 1)
        #expect(await engine.refundable("ORDER-0001") == 750)
        await #expect(throws: PlatformError.self) { try await engine.settle(outRefundNo: "R-2", outcome: .succeed) }
    }

    @Test func abnormalRefundReturnsToProcessing() async throws {
        let engine = try engine()
        _ = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        _ = try await engine.pay(outTradeNo: "ORDER-0001")
        let created = try await engine.createRefund(refund("R-AB", 100))
        await #expect(throws: PlatformError.self) { try await engine.applyAbnormalRefund(refundID: created.refundID, outRefundNo: "R-AB") }
        _ = try await engine.settle(outRefundNo: "R-AB", outcome: .abnormal)
        let again = try await engine.applyAbnormalRefund(refundID: created.refundID, outRefundNo: "R-AB")
        #expect(again.status == "PROCESSING")
    }

    @Test func refundsAutoSettleAfterScaledDelay() async throws {
        let engine = try engine(EngineSettings(timeScale: 0.1, autoSettleRefundsAfter: 60))
        _ = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        _ = try await engine.pay(outTradeNo: "ORDER-0001")
        _ = try await engine.createRefund(refund("R-AUTO", 100))
        clock.advance(5)
        #expect(await engine.tick().isEmpty)
        clock.advance(1.5)
        let events = await engine.tick()
        #expect(events.count == 1)
        #expect(try await engine.refund(outRefundNo: "R-AUTO").status == "SUCCESS")
    }

    @Test func fiftyRefundsPerOrderAtMost() async throws {
        let engine = try engine()
        _ = try await engine.prepay(native(total: 1000), authorizedMchid: merchant.mchid)
        _ = try await engine.pay(outTradeNo: "ORDER-0001")
        for index in 0..<50 { _ = try await engine.createRefund(refund("R-\(index)", 1, total: 1000)) }
        do {
            _ = try await engine.createRefund(refund("R-50", 1, total: 1000))
            Issue.record("expected a limit")
        } catch let error as PlatformError {
            #expect(error.code == "RULE_LIMIT")
        }
    }

    @Test func storeKeepsOrdersAcrossEngines() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sim-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("simulator.sqlite").path
        let first = try PlatformEngine(merchant: merchant, store: SimulatorStore(path: path), clock: clock.closure)
        _ = try await first.prepay(native(), authorizedMchid: merchant.mchid)
        _ = try await first.pay(outTradeNo: "ORDER-0001")
        _ = try await first.createRefund(refund("R-KEEP", 100))
        let second = try PlatformEngine(merchant: merchant, store: SimulatorStore(path: path), clock: clock.closure)
        #expect(try await second.order(outTradeNo: "ORDER-0001", mchid: merchant.mchid).tradeState == "REFUND")
        #expect(try await second.refund(outRefundNo: "R-KEEP").refund == 100)
    }
}
