import Foundation
import Testing
@testable import Simulator

/// The engine's lookups and sweep go through `BookIndex` instead of scanning the book: these pin down that they
/// answer what the scans answered (replaced codes, refunds by id, expiry and auto-settle order, a reloaded store).
extension EngineTests {
    @Test func sweepClosesEachUnpaidOrderWhenItsOwnExpiryPassesAndLeavesPaidOnes() async throws {
        let engine = try engine()
        var early = native("SWEEP-EARLY")
        early.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(120))
        var late = native("SWEEP-LATE")
        late.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(600))
        var paid = native("SWEEP-PAID")
        paid.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(60))
        // Created out of expiry order, so the sweep cannot rely on creation order.
        for parameters in [late, paid, early] { _ = try await engine.prepay(parameters, authorizedMchid: merchant.mchid) }
        _ = try await engine.pay(outTradeNo: "SWEEP-PAID")
        clock.advance(121)
        #expect(await engine.tick().isEmpty)
        // Read the book itself: `current` would close an expired order on its own.
        #expect(await engine.orders["SWEEP-EARLY"]?.tradeState == "CLOSED")
        #expect(await engine.orders["SWEEP-LATE"]?.tradeState == "NOTPAY")
        #expect(await engine.orders["SWEEP-PAID"]?.tradeState == "SUCCESS")
        clock.advance(480)
        _ = await engine.tick()
        #expect(await engine.orders["SWEEP-LATE"]?.tradeState == "CLOSED")
        #expect(await engine.orders["SWEEP-LATE"]?.tradeStateDesc == TradeStateText.expired)
        #expect(await engine.orders["SWEEP-PAID"]?.tradeState == "SUCCESS")
    }

    @Test func aReplacedCodeURLNoLongerPaysAndTheNewOneDoes() async throws {
        let engine = try engine()
        let first = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        clock.advance(7_200)
        let renewed = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        let oldCode = try #require(first.codeURL)
        let newCode = try #require(renewed.codeURL)
        #expect(oldCode != newCode)
        do {
            _ = try await engine.pay(codeURL: oldCode)
            Issue.record("the replaced code_url paid")
        } catch let error as PlatformError {
            #expect(error.code == "ORDER_NOT_EXIST")
        }
        let (paid, events) = try await engine.pay(codeURL: newCode)
        #expect(paid.outTradeNo == "ORDER-0001" && paid.tradeState == "SUCCESS" && events.count == 1)
    }

    @Test func reapplyingAnAbnormalRefundSettlesAtItsNewTimeOnly() async throws {
        let engine = try engine(EngineSettings(timeScale: 1, autoSettleRefundsAfter: 60))
        _ = try await engine.prepay(native(), authorizedMchid: merchant.mchid)
        _ = try await engine.pay(outTradeNo: "ORDER-0001")
        let created = try await engine.createRefund(refund("R-AGAIN", 100))
        clock.advance(30)
        _ = try await engine.settle(outRefundNo: "R-AGAIN", outcome: .abnormal)
        _ = try await engine.applyAbnormalRefund(refundID: created.refundID, outRefundNo: "R-AGAIN")
        // The first settle time (60 s after creation) has passed; the re-applied refund is due 60 s after re-applying.
        clock.advance(40)
        #expect(await engine.tick().isEmpty)
        #expect(try await engine.refund(outRefundNo: "R-AGAIN").status == "PROCESSING")
        clock.advance(25)
        #expect(await engine.tick().count == 1)
        #expect(try await engine.refund(outRefundNo: "R-AGAIN").status == "SUCCESS")
        #expect(await engine.tick().isEmpty)
    }

    @Test func aReloadedStoreAnswersByTransactionIDRefundIDAndCodeAndSweepsItsOrders() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sim-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("simulator.sqlite").path
        let first = try PlatformEngine(merchant: merchant, store: SimulatorStore(path: path), clock: clock.closure)
        _ = try await first.prepay(native(), authorizedMchid: merchant.mchid)
        let (paid, _) = try await first.pay(outTradeNo: "ORDER-0001")
        let transactionID = try #require(paid.transactionID)
        let created = try await first.createRefund(refund("R-RELOAD", 100))
        var expiring = native("RELOAD-EXPIRES")
        expiring.timeExpire = BeijingTime.rfc3339(clock.now.addingTimeInterval(120))
        _ = try await first.prepay(expiring, authorizedMchid: merchant.mchid)
        let unpaid = try await first.prepay(native("RELOAD-UNPAID"), authorizedMchid: merchant.mchid)

        let second = try PlatformEngine(merchant: merchant, store: SimulatorStore(path: path), clock: clock.closure)
        #expect(try await second.order(transactionID: transactionID, mchid: merchant.mchid).outTradeNo == "ORDER-0001")
        #expect(try await second.refund(refundID: created.refundID).outRefundNo == "R-RELOAD")
        #expect(await second.refunds(ofOrder: "ORDER-0001").map(\.outRefundNo) == ["R-RELOAD"])
        #expect(await second.refundable("ORDER-0001") == 1150)
        clock.advance(121)
        _ = await second.tick()
        #expect(await second.orders["RELOAD-EXPIRES"]?.tradeState == "CLOSED")
        let (scanned, _) = try await second.pay(codeURL: try #require(unpaid.codeURL))
        #expect(scanned.outTradeNo == "RELOAD-UNPAID" && scanned.tradeState == "SUCCESS")
    }

    @Test func dueQueuePopsOnlyWhatIsDueEarliestFirst() {
        var queue = DueQueue()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let offsets = [50, 10, 40, 10, 30, 20, 60, 0]
        for (index, offset) in offsets.enumerated() { queue.push("K\(index)", due: start.addingTimeInterval(Double(offset))) }
        #expect(queue.popDue(at: start.addingTimeInterval(-1)).isEmpty)
        let due = queue.popDue(at: start.addingTimeInterval(30))
        #expect(due.count == 5)
        #expect(due.first == "K7" && Set(due.dropFirst().prefix(2)) == ["K1", "K3"] && due[3] == "K5" && due[4] == "K4")
        #expect(queue.popDue(at: start.addingTimeInterval(100)) == ["K2", "K0", "K6"])
        #expect(queue.isEmpty)
    }
}
