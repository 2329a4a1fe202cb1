import Logging

/// A StreamLogHandler (standard error) whose logger metadata is rendered only when something is logged.
///
/// Why: StreamLogHandler renders all of its metadata again whenever one key changes, and Hummingbird gives every
/// request's logger its own request id, so each notification paid for formatting that was never printed (1.4 % of
/// `paydesk serve` during a storm, docs/performance.md). Here the metadata is kept as given and handed to the
/// wrapped handler with the event.
struct DeferredMetadataLogHandler: LogHandler {
    private var output: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        output = StreamLogHandler.standardError(label: label)
    }

    var logLevel: Logger.Level {
        get { output.logLevel }
        set { output.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { output.metadataProvider }
        set { output.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        output.log(event: event)
    }
}
