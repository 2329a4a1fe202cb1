import ArgumentParser

/// Options every command accepts: where the merchant configuration and the database come from (DESIGN §10).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("SQLite database file (default: from the configuration or the sandbox folder).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Use DIR/sandbox.json of a running `paydesk sim` as the merchant.", valueName: "dir"))
    var sandbox: String?
}

/// `--json`: one JSON document on stdout instead of human text.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of human text.")
    var json = false
}
