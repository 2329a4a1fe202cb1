/// A secret text (APIv3 key, APIv2 key, webhook secret) that never prints itself.
///
/// `description` and `debugDescription` are `<redacted>` so that a secret interpolated into a log line, an error
/// or a dump cannot leak; code that needs the text asks for `value` explicitly.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret text itself.
    public let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// True when the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }
}
