import ArgumentParser
import Foundation
import PayCore
import WeChatPay

/// `paydesk bill …`.
struct BillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill", abstract: "Download trade bills.", subcommands: [BillDownloadCommand.self])
}

/// `paydesk bill download`: the trade bill of a day.
struct BillDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download", abstract: "Download the trade bill of a day (CSV as WeChat Pay writes it).",
        discussion: "Written to --output FILE or stdout; a progress bar goes to stderr when it is a terminal.")

    enum BillType: String, ExpressibleByArgument, CaseIterable { case ALL, SUCCESS, REFUND }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("The day, yyyy-MM-dd (China time), or yesterday.", valueName: "date")) var date: DayArgument
    @Option(help: "ALL, SUCCESS or REFUND.") var type: BillType = .ALL
    @Option(name: .customLong("output"), help: ArgumentHelp("Write the bill to this file instead of stdout.", valueName: "file"))
    var file: String?

    func run() async throws {
        try await CLIError.reporting(errorExitCode: 2) {
            let bar = ProgressBar(label: "bill \(date.text)")
            let (data, verified) = try await Runtime.with(global) { runtime in
                let data = try await runtime.core.reconciler.downloadBill(
                    date: date.text, type: type.rawValue, progress: { bar.update(received: $0, expected: $1) })
                // v3 answers carry the file's SHA-1 and the client refuses a mismatch; v2 bills come bare.
                return (data, runtime.configuration.apiVersion == .v3)
            }
            bar.finish()
            let view = BillFileView(
                date: date.text, type: type.rawValue, file: file.map(Runtime.absolute), bytes: data.count,
                sha1: Digest.sha1(data).hexString, sha1Verified: verified,
                bill: file == nil ? String(decoding: data, as: UTF8.self) : nil)
            if let path = view.file {
                guard FileManager.default.createFile(atPath: path, contents: data) else {
                    throw CLIError(message: "cannot write \(path)")
                }
            }
            if output.json {
                try JSONOutput.print(view)
            } else if let path = view.file {
                StandardStreams.error(
                    "wrote \(data.count) bytes to \(path), SHA-1 \(view.sha1)\(verified ? " (matches WeChat Pay's hash)" : "")")
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

/// `paydesk reconcile`: compares a day's bill with the local orders and refunds.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Compare a day's trade bill with the local orders and refunds.",
        discussion: """
            Exit status 0 when everything matches, 1 when there are differences, 2 when no comparison could be made \
            (75 when WeChat Pay could not be reached), as diff(1) does.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("The day, yyyy-MM-dd (China time), or yesterday.", valueName: "date")) var date: DayArgument

    func run() async throws {
        try await CLIError.reporting(errorExitCode: 2) {
            let bar = ProgressBar(label: "bill \(date.text)")
            let report = try await Runtime.with(global) { runtime in
                try await runtime.core.reconciler.reconcile(date: date.text, progress: { bar.update(received: $0, expected: $1) })
            }
            bar.finish()
            if output.json { try JSONOutput.print(report) } else { StandardStreams.out(report.table()) }
            if !report.isClean { throw ExitCode(1) }
        }
    }
}

/// `bill download --json`: where the bill went (or the bill text itself), its size and verified SHA-1.
struct BillFileView: Encodable {
    var date: String
    var type: String
    var file: String?
    var bytes: Int
    /// Lower-case hex SHA-1 of the plain bill.
    var sha1: String
    /// True when it was checked against the platform's `hash_value` (API v3).
    var sha1Verified: Bool
    /// The bill text itself when no `--output` file was given.
    var bill: String?

    enum CodingKeys: String, CodingKey {
        case date, type, file, bytes, sha1, bill
        case sha1Verified = "sha1_verified"
    }
}
