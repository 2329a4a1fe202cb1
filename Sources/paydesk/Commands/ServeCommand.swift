import ArgumentParser
import Foundation
import PayCore

/// `paydesk serve`: the notification listener alone.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the notification listener until SIGINT/SIGTERM.",
        discussion: """
            Accepts v3 notifications at POST /notify and v2 XML at POST /notify/v2/pay and /notify/v2/refund. \
            When ready, prints one line: "paydesk serve listening on http://HOST:PORT" (the real port with --listen \
            127.0.0.1:0).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "HOST:PORT to listen on; port 0 picks a free port.") var listen: ListenAddress = .serveDefault
    @Option(help: ApplyMode.help) var apply: ApplyMode = .adaptive

    func run() async throws {
        try await CLIError.reporting {
            let runtime = try await Runtime.start(
                global, embedListener: true, listenAddress: listen, notificationApply: apply.policy)
            StandardStreams.out("paydesk serve listening on \(runtime.listenerAddress ?? "")")
            StandardStreams.error("notify URL: \(runtime.configuration.notifyURL ?? "-")  database: \(runtime.configuration.databasePath)")
            await TerminationSignal.wait()
            await runtime.shutdown()
        }
    }
}

/// `paydesk listen`: a listener that prints every notification as it is processed.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen", abstract: "Run a notification listener and print each notification as it is processed.",
        discussion: """
            Like `serve`, but every processed notification is printed on stdout: time, event type, order, signature \
            verdict, decrypt verdict, outcome and HTTP answer (one JSON object per line with --json). The ready line \
            "paydesk listen listening on http://HOST:PORT" goes to stderr so that stdout is only the stream.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "HOST:PORT to listen on; port 0 picks a free port.") var listen: ListenAddress = .serveDefault
    @Option(help: ApplyMode.help) var apply: ApplyMode = .adaptive

    func run() async throws {
        try await CLIError.reporting {
            let runtime = try await Runtime.start(
                global, embedListener: true, listenAddress: listen, notificationApply: apply.policy)
            let events = runtime.core.events.subscribe()
            let json = output.json
            let printer = Task {
                for await event in events {
                    guard case .notificationProcessed(let record) = event else { continue }
                    if json { try? JSONOutput.printLine(NotificationView(notification: record)) } else { StandardStreams.out(OrderText.notificationLine(record)) }
                }
            }
            StandardStreams.error("paydesk listen listening on \(runtime.listenerAddress ?? "")")
            StandardStreams.error("notify URL: \(runtime.configuration.notifyURL ?? "-")")
            await TerminationSignal.wait()
            await runtime.shutdown()
            printer.cancel()
        }
    }
}

/// `--apply`: when a verified notification is applied to its order (`NotificationApplyPolicy`).
enum ApplyMode: String, ExpressibleByArgument, CaseIterable {
    case adaptive, inline, queued

    static let help = ArgumentHelp(
        "When a verified notification is applied: adaptive (before answering while the writer keeps up; during a "
            + "storm stored, answered, and applied right after), inline (always before answering) or queued (always after).",
        valueName: "mode")

    var policy: NotificationApplyPolicy { NotificationApplyPolicy(mode: rawValue) ?? .standard }
}
