import Foundation

/// Percent-encoding for the request URLs the client builds (and therefore signs).
enum URLEncoding {
    /// RFC 3986 unreserved characters; everything else is escaped, in path segments and query values alike.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// One path segment or query component, escaped.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `path?k=v&…` with escaped keys and values, in the given order (no `?` when `query` is empty).
    static func canonicalURL(path: String, query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}
