import Foundation
import Testing

/// PayCore against the simulator's fault injection, one test per profile (docs/hardening-faults.md): afterwards
/// every order's status, paid amount, refunded total and refunds equal the simulator's, nothing was applied twice,
/// and only idempotent calls were repeated. Tens of orders here; `make fault-run` runs hundreds
/// (`PAYDESK_FAULT_ORDERS`). Each run prints one JSON line of figures; nothing here is timed.
@Suite("Fault runs against the simulator", .serialized)
struct FaultRunTests {
    static let orders = FaultRun.orderCount(default: 24)

    @Test func systemErrorAt20Percent() async throws { try await run(.systemError) }
    @Test func http5xxAt20Percent() async throws { try await run(.http5xx) }
    @Test func notificationsDropped() async throws { try await run(.dropped) }
    @Test func notificationsDuplicatedFiveTimes() async throws { try await run(.duplicated) }
    @Test func notificationsReordered() async throws { try await run(.reordered) }
    @Test func notifyURLTimingOut() async throws { try await run(.notifyTimeout) }

    private func run(_ profile: FaultProfile) async throws {
        // Refunds settle on their own after 1 s × the time scale; notification retries are compressed the same way.
        let shop = try await SimulatedShop.start(timeScale: 0.001, settleRefundsAfter: 1)
        let result: FaultRunResult
        do {
            result = try await FaultRun(shop: shop, profile: profile, orderCount: Self.orders).run()
        } catch {
            await shop.stop()
            throw error
        }
        await shop.stop()
        print("fault-run \(result.figures.jsonLine)")
        #expect(result.mismatches.isEmpty, "PayDesk differs from the simulator:\n\(result.mismatches.prefix(20).joined(separator: "\n"))")
        #expect(result.violations.isEmpty, "\(result.violations.prefix(20).joined(separator: "\n"))")
        #expect(result.figures.paid > 0 && result.figures.refunds > 0 && result.figures.closed > 0)
    }
}
