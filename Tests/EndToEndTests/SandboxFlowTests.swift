import Foundation
import GRDB
import PayCore
import TestSupport
import Testing
import TestSupport
import WeChatPay

/// The merchant journey through the built binary against a `paydesk sim` subprocess (DESIGN §6, §10).
@Suite(.serialized) struct SandboxFlowTests {
    /// A running simulator with its state folder and base URL.
    struct Sandbox {
        let paydesk: PayDeskBinary
        let simulator: Server
        let state: String
        let baseURL: String
        var database: String { state + "/db.sqlite" }
        /// `--sandbox STATE --db STATE/db.sqlite`.
        var options: [String] { ["--sandbox", state, "--db", database] }

        static func start() async throws -> Sandbox {
            let paydesk = try PayDeskBinary()
            let state = paydesk.home.appendingPathComponent("sim").path
            let (simulator, line) = try await paydesk.start(
                ["sim", "--listen", "127.0.0.1:0", "--state", state], ready: "paydesk sim listening on http://")
            let baseURL = String(line.dropFirst("paydesk sim listening on ".count))
            return Sandbox(paydesk: paydesk, simulator: simulator, state: state, baseURL: baseURL)
        }

        /// The customer pays `outTradeNo` (control API).
        func pay(_ outTradeNo: String) async throws -> Int {
            let response = try await CurlTransport().send(
                HTTPRequest(method: "POST", url: baseURL + "/sim/orders/\(outTradeNo)/pay",
                            headers: HTTPHeaders([("Content-Type", "application/json")]), body: Data("{}".utf8)))
            return response.status
        }

        func stop() async {
            await simulator.stop()
            paydesk.remove()
        }
    }

    @Test func simPrintsReadyLineWithRealPort() async throws {
        let sandbox = try await Sandbox.start()
        let port = Int(sandbox.baseURL.split(separator: ":").last ?? "") ?? 0
        #expect(port > 0)
        #expect(FileManager.default.fileExists(atPath: sandbox.state + "/sandbox.json"))
        await sandbox.stop()
    }

    @Test func orderIsCreatedPaidQueriedRefundedAndListed() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        do {
            let created = try await paydesk.run(
                sandbox.options + ["order", "create", "--amount", "12.50", "--description", "测试", "--json"])
            #expect(created.status == 0, "\(created.stderr)")
            let order = try created.object()
            let number = try #require(order["out_trade_no"] as? String)
            #expect((order["code_url"] as? String)?.hasPrefix("weixin://") == true)
            #expect(order["status"] as? String == "PENDING")
            #expect((order["expires_at"] as? String)?.hasSuffix("+08:00") == true)
            #expect(order["total"] as? Int == 1250)

            let shown = try await paydesk.run(sandbox.options + ["order", "show", number, "--json"])
            let pending = try shown.object()
            #expect(pending["status"] as? String == "PENDING")
            #expect(pending["description"] as? String == "测试")
            for field in ["out_trade_no", "status", "total", "transaction_id", "refunded_total", "code_url", "notify_url"] {
                #expect(pending.keys.contains(field), "order show --json lacks \(field)")
            }

            #expect(try await sandbox.pay(number) == 200)
            let queried = try await paydesk.run(sandbox.options + ["order", "query", number, "--json"])
            #expect(queried.status == 0, "\(queried.stderr)")
            let paid = try queried.object()
            #expect(paid["status"] as? String == "PAID")
            #expect((paid["transaction_id"] as? String)?.isEmpty == false)

            let refund = try await paydesk.run(sandbox.options + ["refund", "create", number, "--amount", "2.50", "--json"])
            #expect(refund.status == 0, "\(refund.stderr)")
            let refunded = try refund.object()
            #expect(refunded["amount"] as? Int == 250)
            #expect(refunded["out_trade_no"] as? String == number)
            let outRefundNo = try #require(refunded["out_refund_no"] as? String)

            let tooMuch = try await paydesk.run(sandbox.options + ["refund", "create", number, "--amount", "20"])
            #expect(tooMuch.status != 0)
            #expect(tooMuch.stderr.contains("exceeds the refundable remainder"), "\(tooMuch.stderr)")
            #expect(tooMuch.stderr.contains("10.00"))

            let refundShown = try await paydesk.run(sandbox.options + ["refund", "show", outRefundNo, "--json"])
            #expect(try refundShown.object()["out_refund_no"] as? String == outRefundNo)

            let listed = try await paydesk.run(sandbox.options + ["orders", "--json"])
            let ordersValue = try listed.json()
            let orders = try #require(ordersValue as? [[String: Any]])
            let row = try #require(orders.first { $0["out_trade_no"] as? String == number })
            #expect(["REFUNDING", "PARTIALLY_REFUNDED"].contains(row["status"] as? String ?? ""))

            let human = try await paydesk.run(sandbox.options + ["orders", "--search", number])
            #expect(human.stdout.contains(number) && human.stdout.contains("¥12.50"))
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test func closingAnOrderMakesItClosed() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        do {
            let created = try await paydesk.run(sandbox.options + ["order", "create", "--total", "100", "--description", "close me", "--json"])
            let numberValue = try created.object()["out_trade_no"]
            let number = try #require(numberValue as? String)
            let closed = try await paydesk.run(sandbox.options + ["order", "close", number, "--json"])
            #expect(closed.status == 0, "\(closed.stderr)")
            #expect(try closed.object()["status"] as? String == "CLOSED")
            let paidAfterClose = try await paydesk.run(sandbox.options + ["order", "close", "NOSUCHORDER1"])
            #expect(paidAfterClose.status != 0)
            #expect(paidAfterClose.stderr.contains("NOSUCHORDER1"))
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test func serveAndListenBindFirstThenGiveTheCoreTheirAddress() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        var running: [Server] = []
        do {
            for command in ["serve", "listen"] {
                // serve prints its ready line on stdout, listen on stderr (stdout is its stream).
                let readyPrefix = "paydesk \(command) listening on http://"
                let (server, line): (Server, String)
                if command == "serve" {
                    (server, line) = try await paydesk.start(
                        sandbox.options + [command, "--listen", "127.0.0.1:0"], ready: readyPrefix)
                } else {
                    let pid = try ChildProcess.spawn(
                        PayDeskBinary.url.path, sandbox.options + [command, "--listen", "127.0.0.1:0"],
                        stdout: paydesk.home.appendingPathComponent("listen.out").path,
                        stderr: paydesk.home.appendingPathComponent("listen.err").path, environment: paydesk.environment)
                    server = Server(
                        pid: pid, stdoutPath: paydesk.home.appendingPathComponent("listen.out").path,
                        stderrPath: paydesk.home.appendingPathComponent("listen.err").path)
                    var found = ""
                    let deadline = Date().addingTimeInterval(60)
                    while Date() < deadline, found.isEmpty, server.isRunning {
                        found = Server.read(server.stderrPath).split(separator: "\n").map(String.init)
                            .first { $0.hasPrefix(readyPrefix) } ?? ""
                        try await Task.sleep(nanoseconds: 20_000_000)
                    }
                    line = found
                }
                running.append(server)
                let base = String(line.dropFirst("paydesk \(command) listening on ".count))
                #expect(base.hasPrefix("http://127.0.0.1:") && Int(base.split(separator: ":").last ?? "") ?? 0 > 0, "\(line)")
                // The informational line names the bound address as the notify URL of new orders.
                var notifyLine = ""
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, notifyLine.isEmpty {
                    notifyLine = Server.read(server.stderrPath).split(separator: "\n").map(String.init)
                        .first { $0.hasPrefix("notify URL: ") } ?? ""
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
                #expect(notifyLine.hasPrefix("notify URL: \(base)/notify"), "\(notifyLine)")
                // …and the merchant row was given it before anything else happened.
                let store = try Store.open(path: sandbox.database)
                let merchant = try store.read { db in try MerchantRecord.fetchOne(db) }
                #expect(merchant?.notifyURL == base + "/notify")
                #expect(await server.stop() == 0)
                running.removeLast()
            }
        } catch {
            for server in running { await server.stop() }
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test func serveReceivesTheSimulatorsSignedNotification() async throws {
        let sandbox = try await Sandbox.start()
        let paydesk = sandbox.paydesk
        var serve: Server?
        do {
            let (server, line) = try await paydesk.start(
                sandbox.options + ["serve", "--listen", "127.0.0.1:0"], ready: "paydesk serve listening on http://")
            serve = server
            let base = String(line.dropFirst("paydesk serve listening on ".count))
            let port = Int(base.split(separator: ":").last ?? "") ?? 0
            #expect(port > 0)

            let created = try await paydesk.run(
                sandbox.options + ["order", "create", "--total", "300", "--description", "notify", "--notify-url", base + "/notify", "--json"])
            let numberValue = try created.object()["out_trade_no"]
            let number = try #require(numberValue as? String)
            #expect(try await sandbox.pay(number) == 200)

            // No query: only the notification received by `serve` can make the stored order PAID.
            var status = ""
            let deadline = Date().addingTimeInterval(TestWait.seconds(20))
            while Date() < deadline {
                let shown = try await paydesk.run(sandbox.options + ["order", "show", number, "--json"])
                status = try shown.object()["status"] as? String ?? ""
                if status == "PAID" { break }
                try await Task.sleep(nanoseconds: 200_000_000)
            }
            #expect(status == "PAID")

            let listed = try await paydesk.run(sandbox.options + ["notifications", "--json"])
            let itemsValue = try listed.json()
            let items = try #require(itemsValue as? [[String: Any]])
            let item = try #require(items.first { $0["out_trade_no"] as? String == number })
            for field in ["id", "event_type", "out_trade_no", "verdict", "outcome", "http_status", "received_at"] {
                #expect(item.keys.contains(field), "notifications --json lacks \(field)")
            }
            #expect(item["event_type"] as? String == "TRANSACTION.SUCCESS")
            #expect((item["verdict"] as? String)?.lowercased() == "verified")
            #expect([200, 204].contains(item["http_status"] as? Int ?? 0))

            #expect(await server.stop() == 0)
            serve = nil
        } catch {
            await serve?.stop()
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}
