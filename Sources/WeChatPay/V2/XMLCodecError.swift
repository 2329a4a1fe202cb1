/// Why a v2 XML document was refused.
public enum XMLCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The document carries a `<!DOCTYPE` or `<!ENTITY` declaration (the 2018 XXE attack shape).
    case doctypeForbidden
    /// Not the flat `<root><key>value</key>…</root>` shape, or not well-formed.
    case malformed(String)
    /// The document is larger than the limit; the payload is its size in bytes.
    case tooLarge(Int)
    /// An element contains another element; the payload is the outer element's name.
    case nested(String)
    /// The same field appears twice; the payload is its name.
    case duplicateKey(String)

    public var description: String {
        switch self {
        case .doctypeForbidden: "XML with a DOCTYPE or ENTITY declaration is refused"
        case .malformed(let why): "malformed XML: \(why)"
        case .tooLarge(let size): "XML document too large (\(size) bytes)"
        case .nested(let name): "nested element inside <\(name)>"
        case .duplicateKey(let name): "duplicate element <\(name)>"
        }
    }
}
