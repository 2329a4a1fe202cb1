import Foundation
import TestSupport
import Testing

/// The headless commands of the built binary that need no simulator: help, QR, configuration.
@Suite struct CommandLineTests {
    @Test func helpListsEveryCommand() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let help = try await paydesk.run(["--help"])
        #expect(help.status == 0)
        for command in ["order", "orders", "refund", "serve", "listen", "notifications", "sim", "qr", "bill", "reconcile", "config"] {
            #expect(help.stdout.contains("  \(command) "), "--help does not list \(command)")
        }
        for option in ["--config", "--db", "--sandbox", "--theme", "--lang", "--qr-style"] {
            #expect(help.stdout.contains(option), "--help does not list \(option)")
        }
        let order = try await paydesk.run(["order", "create", "--help"])
        for option in ["--total", "--amount", "--description", "--expire-in", "--business-no", "--notify-url", "--json", "--sandbox"] {
            #expect(order.stdout.contains(option), "order create --help does not list \(option)")
        }
    }

    /// The shipped completion scripts (docs/completions) are these, generated: `orders --status` offers the statuses,
    /// and the committed bash script is what the binary generates now.
    @Test func completionOffersOrderStatusesAndMatchesTheCommittedScript() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let bash = try await paydesk.run(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("'CREATED'$'\\n''PENDING'$'\\n''PAID'"), "no status list for --status")
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/completions/paydesk.bash")
        #expect(try String(contentsOf: committed, encoding: .utf8) == bash.stdout, "regenerate docs/completions")
    }

    @Test func qrBlocksOutputDecodesWithZbarimg() async throws {
        guard ScreenImage.zbarimgPath != nil else { return }
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let text = "weixin://wxpay/bizpayurl?pr=e2eQRtest"
        let result = try await paydesk.run(["qr", text])
        #expect(result.status == 0)
        // Piped stdout is plain half blocks (no escape codes): light blocks on the terminal's black.
        #expect(!result.stdout.contains("\u{1B}"))
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(try ScreenImage.decode(ScreenImage.pgm(ScreenImage.cells(fromTextRows: rows))) == text)
    }

    @Test func qrWideOutputDecodesWithZbarimg() async throws {
        guard ScreenImage.zbarimgPath != nil else { return }
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        // ASCII: zbarimg guesses Shift JIS for some UTF-8 byte runs and would garble Chinese text.
        let text = "weixin://wxpay/bizpayurl?pr=e2eWIDEtest"
        let result = try await paydesk.run(["qr", "--style", "wide", text])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("▀"))
        let rows = result.stdout.split(separator: "\n").map(String.init)
        let cells = ScreenImage.cells(fromANSIRows: rows, width: 0)
        #expect(try ScreenImage.decode(ScreenImage.pgm(cells)) == text)
    }

    @Test func qrRefusesEmptyText() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let result = try await paydesk.run(["qr", ""])
        #expect(result.status != 0)
        #expect(result.stderr.contains("empty"))
    }

    @Test func configInitWritesPrivateTemplateAndRefusesToOverwrite() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let first = try await paydesk.run(["config", "init"])
        #expect(first.status == 0, "\(first.stderr)")
        let path = paydesk.home.appendingPathComponent("config/paydesk/config.toml").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("[merchant]"))
        let second = try await paydesk.run(["config", "init"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("already exists") && second.stderr.contains(path))
        let forced = try await paydesk.run(["config", "init", "--force"])
        #expect(forced.status == 0)
    }

    @Test func configInitHonoursXDGDirectoriesAndCheckReadsTheSameFile() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let home = paydesk.home.path
        // XDG_CONFIG_HOME / XDG_DATA_HOME set (PayDeskBinary sets them to HOME/config and HOME/data).
        let initialised = try await paydesk.run(["config", "init", "--json"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let path = home + "/config/paydesk/config.toml"
        #expect(try initialised.object()["path"] as? String == path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("~/"), "the template still uses ~")
        #expect(text.contains("private_key = \"\(home)/config/paydesk/apiclient_key.pem\""))
        #expect(text.contains("# database = \"\(home)/data/paydesk/paydesk.sqlite\""))
        // `config check` without --config reads that very file and names the template's key path.
        let checked = try await paydesk.run(["config", "check", "--json"])
        #expect(checked.status == 1)
        let report = try checked.object()
        #expect(report["file"] as? String == path)
        let issues = try #require(report["issues"] as? [[String: Any]])
        #expect(issues.contains {
            $0["field"] as? String == "merchant.private_key" && $0["file"] as? String == home + "/config/paydesk/apiclient_key.pem"
        }, "\(issues)")

        // Without the XDG variables: ~/.config and ~/.local/share of HOME, for init and check alike.
        var bare = paydesk.environment
        bare["XDG_CONFIG_HOME"] = nil
        bare["XDG_DATA_HOME"] = nil
        let fallback = try await paydesk.run(["config", "init"], environment: bare)
        #expect(fallback.status == 0, "\(fallback.stderr)")
        let fallbackPath = home + "/.config/paydesk/config.toml"
        #expect(fallback.stdout.contains(fallbackPath))
        let fallbackText = try String(contentsOfFile: fallbackPath, encoding: .utf8)
        #expect(fallbackText.contains("private_key = \"\(home)/.config/paydesk/apiclient_key.pem\""))
        #expect(fallbackText.contains("# database = \"\(home)/.local/share/paydesk/paydesk.sqlite\""))
        let fallbackCheck = try await paydesk.run(["config", "check"], environment: bare)
        #expect(fallbackCheck.status == 1)
        #expect(fallbackCheck.stdout.contains(home + "/.config/paydesk/apiclient_key.pem"), "\(fallbackCheck.stdout)")
    }

    @Test func configCheckNamesFieldAndFileOfEveryProblem() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let key = paydesk.home.appendingPathComponent("missing_key.pem").path
        let file = paydesk.home.appendingPathComponent("bad.toml")
        try """
            [merchant]
            mchid = "1900000001"
            appid = "wxd678efh567hg6787"
            serial_no = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
            private_key = "\(key)"
            apiv3_key = "0123456789abcdef0123456789abcdef"

            [checkout]
            notify_url = "https://example.com/notify"
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await paydesk.run(["config", "check", "--config", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("merchant.private_key"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(key))

        let json = try await paydesk.run(["config", "check", "--config", file.path, "--json"])
        #expect(json.status == 1)
        let issuesValue = try json.object()["issues"]
        let issues = try #require(issuesValue as? [[String: Any]])
        #expect(issues.contains { $0["field"] as? String == "merchant.private_key" && $0["file"] as? String == key })
    }

    @Test func configCheckReportsAFileThatDoesNotParse() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let file = paydesk.home.appendingPathComponent("broken.toml")
        try "[merchant]\nmchid = 1900000001\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try await paydesk.run(["config", "check", "--config", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains(file.path), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("merchant."))
    }

    @Test func missingConfigurationFileIsNamed() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let result = try await paydesk.run(["order", "query", "X123456", "--config", "/nonexistent/paydesk.toml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent/paydesk.toml"))
    }

    @Test func amountErrorsAreExplained() async throws {
        let paydesk = try PayDeskBinary()
        defer { paydesk.remove() }
        let result = try await paydesk.run(["order", "create", "--amount", "12.505", "--description", "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("two digits"))
        let both = try await paydesk.run(["order", "create", "--amount", "1", "--total", "100", "--description", "x"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--total") && both.stderr.contains("--amount"))
    }
}
