import Foundation
import Testing

/// `paydesk orders sync` through the built binary against a `paydesk sim` subprocess: a payment whose
/// notification went nowhere (nothing listens at the default notify URL) is found by the sweep.
@Suite(.serialized) struct OrdersSyncTests {
    @Test func syncFindsAPaymentNobodyWasToldOf() async throws {
        let sandbox = try await SandboxFlowTests.Sandbox.start()
        let paydesk = sandbox.paydesk
        do {
            let created = try await paydesk.run(
                sandbox.options + ["order", "create", "--total", "300", "--description", "Sync me", "--json"])
            #expect(created.status == 0, "\(created.stderr)")
            let number = try #require(try created.object()["out_trade_no"] as? String)
            #expect(try await sandbox.pay(number) == 200)

            let sync = try await paydesk.run(sandbox.options + ["orders", "sync", "--json"])
            #expect(sync.status == 0, "\(sync.stderr)")
            let report = try sync.object()
            #expect((report["orders_checked"] as? Int ?? 0) >= 1)
            let changes = report["changes"] as? [[String: Any]] ?? []
            #expect(changes.contains {
                $0["out_trade_no"] as? String == number && $0["from"] as? String == "PENDING" && $0["to"] as? String == "PAID"
            }, "\(sync.stdout)")

            // `paydesk orders` without a subcommand still lists, with its options.
            let listed = try await paydesk.run(sandbox.options + ["orders", "--status", "PAID", "--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            let rows = try #require(try listed.json() as? [[String: Any]])
            #expect(rows.contains { $0["out_trade_no"] as? String == number })
            let explicit = try await paydesk.run(sandbox.options + ["orders", "list", "--json"])
            #expect(explicit.status == 0, "\(explicit.stderr)")

            let again = try await paydesk.run(sandbox.options + ["orders", "sync"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("0 changed"), "\(again.stdout)")
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}
