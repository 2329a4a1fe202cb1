import ArgumentParser
import Foundation

/// `paydesk`: with no subcommand, the console; otherwise one headless command (DESIGN §10).
@main
struct PayDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paydesk",
        abstract: "A terminal merchant console for WeChat Pay.",
        discussion: """
            With no subcommand, opens the console. With no configuration, PayDesk runs in SANDBOX: an in-process \
            simulator and notification listener on free loopback ports, state in $XDG_DATA_HOME/paydesk/sandbox.
            """,
        version: "0.1.0",
        subcommands: [
            OrderCommand.self, OrdersCommand.self, RefundCommand.self, ServeCommand.self, ListenCommand.self,
            NotificationsCommand.self, SimCommand.self, SeedCommand.self, QRCommand.self, BillCommand.self, ReconcileCommand.self,
            ConfigCommand.self,
        ])

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Console colour theme (themes/NAME.toml).", valueName: "name")) var theme: String?
    @Option(help: ArgumentHelp("Console language: en or zh-CN.", valueName: "lang")) var lang: String?
    @Option(name: .customLong("qr-style"), help: ArgumentHelp("Console QR drawing: blocks or wide.", valueName: "style"))
    var qrStyle: String?

    func validate() throws {
        if let lang, !["en", "zh-CN", "zh"].contains(lang) { throw ValidationError("--lang must be en or zh-CN") }
        if let qrStyle, !["blocks", "wide"].contains(qrStyle) { throw ValidationError("--qr-style must be blocks or wide") }
    }

    func run() async throws {
        try await CLIError.reporting {
            let runtime = try await Runtime.start(global, embedListener: true)
            do {
                try await ConsoleLauncher.run(runtime, theme: theme, language: lang, qrStyle: qrStyle)
            } catch {
                await runtime.shutdown()
                throw error
            }
            await runtime.shutdown()
        }
    }
}
