/// A configuration problem, naming the file, the field (`merchant.mchid`) and the line when known.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file read (or `environment` for a `PAYDESK_*` variable).
    public var file: String
    /// Dotted field name, e.g. `merchant.apiv3_key`.
    public var field: String?
    /// 1-based line, when the TOML parser reported one.
    public var line: Int?
    /// What is wrong; never contains a secret.
    public var message: String

    /// Creates an error.
    public init(file: String, field: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.field = field
        self.line = line
        self.message = message
    }

    /// `file:line: field: message`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + message
    }
}

/// One finding of `PayDeskConfiguration.check()`.
public struct ConfigurationIssue: Sendable, Equatable, CustomStringConvertible {
    /// How bad it is: an error stops payments, a warning is advice.
    public enum Severity: String, Sendable { case error, warning }

    /// Error or warning.
    public var severity: Severity
    /// Dotted field name.
    public var field: String
    /// The file concerned (a key file, or the configuration file).
    public var file: String?
    /// What is wrong.
    public var message: String

    /// Creates an issue.
    public init(severity: Severity, field: String, file: String?, message: String) {
        self.severity = severity
        self.field = field
        self.file = file
        self.message = message
    }

    /// `error: field (file): message`.
    public var description: String {
        "\(severity.rawValue): \(field)" + (file.map { " (\($0))" } ?? "") + ": \(message)"
    }
}
