import ArgumentParser
import Foundation
import PayCore

/// `paydesk config …`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Create or check the configuration file.",
        subcommands: [ConfigInitCommand.self, ConfigCheckCommand.self])
}

/// `paydesk config init`: writes the commented template.
struct ConfigInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented configuration template (mode 0600).",
        discussion: """
            Writes to --config PATH or $XDG_CONFIG_HOME/paydesk/config.toml (~/.config/paydesk/config.toml), where \
            `config check` and every other command look. Key file paths in it point next to the file; the database \
            is $XDG_DATA_HOME/paydesk/paydesk.sqlite. An existing file is kept unless --force.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Overwrite an existing file.") var force = false

    func run() async throws {
        try await CLIError.reporting {
            let path = global.config.map(Runtime.absolute) ?? PayDeskConfiguration.defaultConfigPath
            let manager = FileManager.default
            if manager.fileExists(atPath: path), !force {
                throw CLIError(message: "\(path) already exists; pass --force to overwrite it")
            }
            try manager.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            // Created 0600 from the start: the file will hold the APIv3 key.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard descriptor >= 0 else { throw CLIError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            handle.write(Data(PayDeskConfiguration.template(configPath: path).utf8))
            try handle.close()
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            if output.json {
                try JSONOutput.print(["path": path])
            } else {
                StandardStreams.out("wrote \(path)\nEdit the [merchant] section, then run `paydesk config check`.")
            }
        }
    }
}

/// `paydesk config check`: every problem, naming field and file.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the configuration: files exist, mode 0600, keys parse and match.",
        discussion: "Prints each issue with its field and file. Exit status 1 when there is an error (warnings alone: 0).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CLIError.reporting {
            let issues: [ConfigurationIssue]
            let file: String
            do {
                let configuration: PayDeskConfiguration
                if let directory = global.sandbox {
                    configuration = try PayDeskConfiguration.sandbox(directory: Runtime.absolute(directory), databasePath: nil)
                } else {
                    let path = global.config.map(Runtime.absolute) ?? PayDeskConfiguration.defaultConfigPath
                    guard FileManager.default.fileExists(atPath: path) else {
                        throw CLIError(message: "\(path): no such file (create one with `paydesk config init`)")
                    }
                    configuration = try PayDeskConfiguration.load(path: path, environment: ProcessInfo.processInfo.environment)
                }
                file = configuration.sourcePath ?? "-"
                issues = configuration.check()
            } catch let error as ConfigurationError {
                // A file that does not load is one issue with its field, file and line.
                file = error.file
                issues = [ConfigurationIssue(
                    severity: .error, field: error.field ?? "-", file: error.line.map { "\(error.file):\($0)" } ?? error.file,
                    message: error.message)]
            }
            if output.json {
                try JSONOutput.print(ConfigCheckView(file: file, issues: issues))
            } else if issues.isEmpty {
                StandardStreams.out("\(file): ok")
            } else {
                for issue in issues { StandardStreams.out(issue.description) }
            }
            if issues.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
    }
}

/// `config check --json`.
struct ConfigCheckView: Encodable {
    var file: String
    var issues: [ConfigurationIssue]

    func encode(to encoder: any Encoder) throws {
        var fields = JSONFields(encoder)
        try fields.set("file", file)
        try fields.set("ok", !issues.contains { $0.severity == .error })
        try fields.set("issues", issues.map(IssueView.init))
    }

    struct IssueView: Encodable {
        var issue: ConfigurationIssue

        func encode(to encoder: any Encoder) throws {
            var fields = JSONFields(encoder)
            try fields.set("severity", issue.severity.rawValue)
            try fields.set("field", issue.field)
            try fields.set("file", issue.file)
            try fields.set("message", issue.message)
        }
    }
}
