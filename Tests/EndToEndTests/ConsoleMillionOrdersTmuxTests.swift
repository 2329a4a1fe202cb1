import Foundation
import Testing

extension ConsoleTmuxTests {
    /// A SANDBOX database of 1,000,000 orders, seeded through `paydesk seed` (under nice): the console opens it,
    /// `G` jumps to the oldest order, and the frame is whole (title, filter line, header, a full page of rows,
    /// status bar). The slow test of the suite: seeding a million rows takes minutes on a loaded machine.
    @Test func millionOrderDatabaseScrolledToTheEnd() async throws {
        let binary = try PayDeskBinary()
        let started = Date()
        let seeded = try await binary.run(["seed", "--orders", "1000000", "--json"], timeout: 1800, niceness: 10)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let report = try seeded.object()
        #expect(report["count"] as? Int == 1_000_000)
        let oldest = try #require(report["oldest_out_trade_no"] as? String)
        let newest = try #require(report["newest_out_trade_no"] as? String)
        print("paydesk seed: 1,000,000 orders in \(String(format: "%.1f", Date().timeIntervalSince(started))) s wall "
            + "(\(report["seconds"] ?? "?") s inside the write transaction)")

        let console = try Console(binary: binary)
        defer { console.stop() }
        try console.waitUntilStarted()
        try console.wait(for: newest)
        try console.keys("G")
        let screen = try console.wait(for: oldest)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count >= 40)
        #expect(lines[0].hasPrefix(" PayDesk"), "title line: \(lines[0])")
        #expect(lines[1].contains("Status: All"), "filter line: \(lines[1])")
        #expect(lines[2].contains("Order number") && lines[2].contains("Refunded"), "header: \(lines[2])")
        #expect(lines[39].contains("SANDBOX"), "status bar: \(lines[39])")
        // Rows 3…37 are a full page of seeded orders, oldest last.
        let tag = String(oldest.prefix(7))
        let rows = lines[3...37]
        #expect(rows.allSatisfy { $0.contains(tag) }, "page:\n\(rows.joined(separator: "\n"))")
        let oldestRow = try #require(rows.lastIndex { $0.contains(oldest) })
        #expect(oldestRow == 37, "the oldest order is not the last row:\n\(screen)")
        #expect(!screen.contains(newest))
    }
}
