import PayCore

/// Opens the console (TerminalUI's `ConsoleApp`) on a started runtime.
enum ConsoleLauncher {
    /// Runs the console until the user quits.
    static func run(_ runtime: Runtime, theme: String?, language: String?, qrStyle: String?) async throws {
        // The console arrives with the `console` branch; until it is merged this build has none.
        throw CLIError(message: "this build has no console yet; use the headless commands (paydesk --help)")
    }
}
