import Foundation
import PayCore

/// The interactive console: panes for orders, checkout and notifications over PayCore services.
public enum ConsoleApp {
    /// Runs the console over `backend` on a dedicated UI thread (all curses calls there) and returns when the
    /// user quits. `events` are posted into the UI loop as they arrive.
    public static func run(backend: any ConsoleBackend, events: AsyncStream<ConsoleEvent>, context: ConsoleContext,
                           options: ConsoleOptions,
                           environment processEnvironment: [String: String] = ProcessInfo.processInfo.environment)
        async throws
    {
        let language = Language.resolve(argument: options.language, environment: processEnvironment)
        let strings = Strings(language: language)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try runOnUIThread(backend: backend, events: events, context: context, options: options,
                                      strings: strings)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "paydesk-ui"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Builds terminal, theme, panes and app, bridges events and runs the loop; blocks the calling thread.
    private static func runOnUIThread(backend: any ConsoleBackend, events: AsyncStream<ConsoleEvent>,
                                      context: ConsoleContext, options: ConsoleOptions, strings: Strings) throws {
        let terminal = try Terminal()
        let selection = ThemeLoader().select(requested: options.theme, configured: nil, colorCount: terminal.colorCount)
        let app = makeApp(terminal: terminal, theme: selection.theme, backend: backend, context: context,
                          options: options, strings: strings)
        if let problem = selection.problems.first {
            app.status.message = strings.format(.errorThemeFallback, ["detail": problem.description])
        }
        let bridge = Task {
            for await event in events {
                app.post(event)
            }
        }
        app.run()
        bridge.cancel()
        if app.lostTerminal { throw TerminalError.disconnected }
    }

    /// The app with its three root panes (orders, checkout, notifications) over `terminal`; used by `run` and by
    /// tests with a `HeadlessTerminal`.
    public static func makeApp(terminal: any TerminalDevice, theme: Theme, backend: any ConsoleBackend,
                               context: ConsoleContext, options: ConsoleOptions, strings: Strings) -> UIApp {
        let environment = ConsoleEnvironment(backend: backend, strings: strings, context: context,
                                             qrStyle: options.resolvedQRStyle)
        let status = StatusInfo(merchant: context.merchantName, isSandbox: context.isSandbox,
                                listenerAddress: context.listenerAddress)
        let app = UIApp(terminal: terminal, theme: theme, strings: strings, status: status, roots: [
            (action: .showOrders, pane: OrdersPane(environment: environment)),
            (action: .showCheckout, pane: CheckoutPane(environment: environment)),
            (action: .showNotifications, pane: NotificationsPane(environment: environment)),
        ])
        // Weak: the panes hold the environment, so a strong `app` here was a cycle (LeakSanitizer, docs/hardening.md).
        environment.poster = { [weak app] event in app?.post(event) }
        return app
    }
}
