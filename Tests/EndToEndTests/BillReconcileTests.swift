import Foundation
import GRDB
import PayCore
import TestSupport
import Testing
import WeChatPay

/// `bill download` and `reconcile` of the built binary against a `paydesk sim` subprocess (DESIGN §10).
@Suite(.serialized) struct BillReconcileTests {
    typealias Sandbox = SandboxFlowTests.Sandbox

    /// The China-time day the bills are cut by (what `--date today` means).
    static var today: String { String(WeChatPayTime.format(Date()).prefix(10)) }

    /// Creates an order through the binary (in `database`, default the sandbox's), has the customer pay it and,
    /// unless `query` is false, queries it so that the local row is PAID.
    static func paidOrder(
        _ sandbox: Sandbox, total: Int, database: String? = nil, query: Bool = true
    ) async throws -> String {
        let options = ["--sandbox", sandbox.state, "--db", database ?? sandbox.database]
        let created = try await sandbox.paydesk.run(
            options + ["order", "create", "--total", String(total), "--description", "bill \(total)", "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let value = try created.object()["out_trade_no"]
        let number = try #require(value as? String)
        #expect(try await sandbox.pay(number) == 200)
        if query {
            let queried = try await sandbox.paydesk.run(options + ["order", "query", number, "--json"])
            #expect(try queried.object()["status"] as? String == "PAID", "\(queried.stderr)")
        }
        return number
    }

    @Test func billDownloadWritesTheFileWithItsVerifiedSHA1() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        do {
            let number = try await Self.paidOrder(sandbox, total: 1234)
            let file = paydesk.home.appendingPathComponent("bill.csv").path

            let written = try await paydesk.run(
                sandbox.options + ["bill", "download", "--date", "today", "--output", file, "--json"])
            #expect(written.status == 0, "\(written.stderr)")
            let view = try written.object()
            let content = try #require(FileManager.default.contents(atPath: file))
            let sha1 = Digest.sha1(content).hexString
            #expect(view["date"] as? String == Self.today)
            #expect(view["type"] as? String == "ALL")
            #expect(view["file"] as? String == file)
            #expect(view["bytes"] as? Int == content.count)
            #expect(view["sha1"] as? String == sha1)
            #expect(view["sha1_verified"] as? Bool == true)
            #expect(view["bill"] == nil)
            let text = String(decoding: content, as: UTF8.self)
            #expect(content.starts(with: [0xEF, 0xBB, 0xBF]), "no UTF-8 BOM")
            #expect(text.contains("交易时间,公众账号ID,商户号"), "not WeChat Pay's trade bill header")
            #expect(text.contains("`\(number)"))
            #expect(text.contains("`12.34"))
            // stderr is a file here: no progress bar, no carriage returns.
            #expect(written.stderr.isEmpty, "\(written.stderr)")

            // Human mode: the same bytes on stdout, nothing else.
            let piped = try await paydesk.run(sandbox.options + ["bill", "download", "--date", Self.today])
            #expect(piped.status == 0, "\(piped.stderr)")
            #expect(Digest.sha1(Data(piped.stdout.utf8)).hexString == sha1)
            #expect(!piped.stderr.contains("\r") && !piped.stderr.contains("█") && !piped.stderr.contains("%"))

            // --json without a file: the bill inline with the same hash.
            let inline = try await paydesk.run(sandbox.options + ["bill", "download", "--date", "today", "--type", "SUCCESS", "--json"])
            #expect(inline.status == 0, "\(inline.stderr)")
            let inlineView = try inline.object()
            #expect(inlineView["type"] as? String == "SUCCESS")
            #expect((inlineView["bill"] as? String)?.contains("`\(number)") == true)
            #expect(inlineView["file"] == nil)
            // JSONDecoder keeps the bill byte for byte (BOM, CRLF); JSONSerialization on Linux does not.
            struct InlineBill: Decodable { var bill: String; var sha1: String; var bytes: Int }
            let decoded = try JSONDecoder().decode(InlineBill.self, from: Data(inline.stdout.utf8))
            #expect(Data(decoded.bill.utf8).count == decoded.bytes)
            #expect(Digest.sha1(Data(decoded.bill.utf8)).hexString == decoded.sha1)

            // A day without records is an error on stderr, nothing on stdout.
            let empty = try await paydesk.run(sandbox.options + ["bill", "download", "--date", "2020-01-01", "--json"])
            #expect(empty.status != 0)
            #expect(empty.stdout.isEmpty)
            #expect(empty.stderr.contains("NO_STATEMENT_EXIST"), "\(empty.stderr)")
            let malformed = try await paydesk.run(sandbox.options + ["bill", "download", "--date", "2026-13-45"])
            #expect(malformed.status != 0)
            #expect(malformed.stderr.contains("--date"), "\(malformed.stderr)")
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test func progressBarIsDrawnOnlyWhenStderrIsATerminal() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        do {
            _ = try await Self.paidOrder(sandbox, total: 500)
            let file = paydesk.home.appendingPathComponent("tty-bill.csv").path
            let terminal = try PseudoTerminal()
            let result = try await paydesk.run(
                sandbox.options + ["bill", "download", "--date", "today", "--output", file], stderr: terminal.path)
            #expect(result.status == 0)
            let drawn = String(decoding: terminal.readAvailable(), as: UTF8.self)
            #expect(drawn.contains("\rbill \(Self.today) ["), "no progress bar on the terminal: \(drawn.debugDescription)")
            #expect(drawn.contains("100%"), "\(drawn.debugDescription)")
            #expect(drawn.contains("wrote "), "\(drawn.debugDescription)")
            #expect(FileManager.default.fileExists(atPath: file))
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test func reconcileReportsMissingExtraAndMismatchedRows() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        do {
            let matched = try await Self.paidOrder(sandbox, total: 1000)
            let altered = try await Self.paidOrder(sandbox, total: 2000)

            // Everything agrees: exit 0.
            let clean = try await paydesk.run(sandbox.options + ["reconcile", "--date", "today", "--json"])
            #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
            let cleanReport = try clean.object()
            #expect(cleanReport["matched"] as? Int == 2)
            #expect((cleanReport["missing_locally"] as? [Any])?.isEmpty == true)

            // Seeded differences: a payment made through another database (unknown here), a local payment the
            // platform never saw, and a local amount that differs from the bill.
            let unknown = try await Self.paidOrder(sandbox, total: 3000, database: sandbox.state + "/other.sqlite", query: false)
            let store = try Store.open(path: sandbox.database)
            let merchant = try #require(try store.read { db in try MerchantRecord.fetchOne(db) })
            let ghost = "GHOST\(Int(Date().timeIntervalSince1970))"
            _ = try store.insertOrder(
                OrderRecord(merchantID: try #require(merchant.id), outTradeNo: ghost, description: "ghost", total: 777, createdAt: Date()))
            try store.applyFact(
                outTradeNo: ghost,
                fact: .observedTradeState(TradeObservation(tradeState: "SUCCESS", transactionID: "4200000000000000000000000777", successTime: Date())))
            try store.write { db in
                try db.execute(sql: "UPDATE orders SET total = total + 100 WHERE out_trade_no = ?", arguments: [altered])
            }

            let human = try await paydesk.run(sandbox.options + ["reconcile", "--date", "today"])
            #expect(human.status == 1, "\(human.stderr)")
            // No comparison possible (no bill for that day) is not "differences": exit 2, as diff(1).
            let impossible = try await paydesk.run(sandbox.options + ["reconcile", "--date", "2020-01-01"])
            #expect(impossible.status == 2, "\(impossible.stdout)\(impossible.stderr)")
            #expect(impossible.stderr.hasPrefix("paydesk: "), "\(impossible.stderr)")
            let lines = human.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "Reconciliation \(Self.today): 1 matched, 1 missing locally, 1 missing in the bill, 1 mismatched")
            func section(_ title: String) -> [String] {
                guard let start = lines.firstIndex(of: title) else { return [] }
                return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
            }
            #expect(section("MISSING LOCALLY").contains { $0.contains(unknown) && $0.contains("30.00") })
            #expect(section("MISSING IN BILL").contains { $0.contains(ghost) && $0.contains("7.77") })
            #expect(section("MISMATCHED").contains { $0.contains(altered) && $0.contains("21.00") && $0.contains("20.00") })
            #expect(!human.stdout.contains(matched))
            #expect(human.stderr.isEmpty, "\(human.stderr)")

            let json = try await paydesk.run(sandbox.options + ["reconcile", "--date", "today", "--json"])
            #expect(json.status == 1)
            let report = try json.object()
            #expect(report["date"] as? String == Self.today)
            #expect(report["matched"] as? Int == 1)
            let missing = try #require(report["missing_locally"] as? [[String: Any]])
            #expect(missing.count == 1)
            #expect(missing.first?["out_trade_no"] as? String == unknown)
            #expect(missing.first?["kind"] as? String == "payment")
            #expect(missing.first?["bill_amount"] as? Int == 3000)
            #expect(missing.first?["local_amount"] == nil)
            let extra = try #require(report["missing_remotely"] as? [[String: Any]])
            #expect(extra.map { $0["out_trade_no"] as? String } == [ghost])
            #expect(extra.first?["local_amount"] as? Int == 777)
            #expect(extra.first?["local_status"] as? String == "PAID")
            let mismatched = try #require(report["mismatched"] as? [[String: Any]])
            #expect(mismatched.count == 1)
            #expect(mismatched.first?["out_trade_no"] as? String == altered)
            #expect(mismatched.first?["local_amount"] as? Int == 2100)
            #expect(mismatched.first?["bill_amount"] as? Int == 2000)

            // No bill that day: an error (stderr, non-zero), not a report.
            let noBill = try await paydesk.run(sandbox.options + ["reconcile", "--date", "2020-01-01", "--json"])
            #expect(noBill.status != 0)
            #expect(noBill.stdout.isEmpty)
            #expect(noBill.stderr.contains("NO_STATEMENT_EXIST"), "\(noBill.stderr)")
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}
