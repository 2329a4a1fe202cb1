/// Matches path segments against a pattern like `pay/transactions/*/close`, capturing each `*`.
enum PathPattern {
    static func match(_ segments: [String], _ pattern: String) -> [String]? {
        let parts = pattern.split(separator: "/").map(String.init)
        guard parts.count == segments.count else { return nil }
        var captures: [String] = []
        for (part, segment) in zip(parts, segments) {
            if part == "*" {
                guard !segment.isEmpty else { return nil }
                captures.append(segment)
            } else if part != segment {
                return nil
            }
        }
        return captures
    }
}
