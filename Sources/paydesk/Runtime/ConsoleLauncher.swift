import PayCore
import TerminalUI

/// Opens the console (TerminalUI's `ConsoleApp`) on a started runtime.
enum ConsoleLauncher {
    /// Runs the console until the user quits.
    static func run(_ runtime: Runtime, theme: String?, language: String?, qrStyle: String?) async throws {
        let context = ConsoleContext(
            merchantName: runtime.configuration.merchantName, isSandbox: runtime.isSandbox,
            listenerAddress: runtime.listenerAddress, simulatorBaseURL: runtime.simulatorBaseURL)
        let options = ConsoleOptions(theme: theme ?? runtime.configuration.ui.theme,
                                     language: language ?? runtime.configuration.ui.language,
                                     qrStyle: qrStyle ?? runtime.configuration.ui.qrStyle)
        try await ConsoleApp.run(core: runtime.core, context: context, options: options)
    }
}
