import ArgumentParser
import Foundation
import TerminalUI

/// `paydesk qr`: the terminal QR code of any text.
struct QRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr", abstract: "Print the terminal QR code of any text.",
        discussion: """
            blocks: Unicode half blocks, two modules per character (white on black on a terminal, plain when piped). \
            wide: two spaces per module with ANSI background colours, for terminals that draw ambiguous-width \
            characters wide.
            """)

    @Argument(help: "The text to encode (e.g. a weixin://wxpay/… code_url).") var text: String
    @Option(help: "blocks or wide.") var style: QRStyle = .halfBlocks

    func run() async throws {
        try await CLIError.reporting {
            do {
                StandardStreams.out(try TerminalQR.render(text, style: style, colour: StandardStreams.stdoutIsTerminal))
            } catch QRError.emptyText {
                throw CLIError(message: "qr: the text is empty")
            } catch QRError.encodingFailed {
                throw CLIError(message: "qr: the text is too long for a QR code (\(text.utf8.count) bytes)")
            }
        }
    }
}
