import Foundation

/// HTTP header fields with case-insensitive names, in sending order.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(String, String)] = []) {
        for (name, value) in fields { add(name, value) }
    }

    public subscript(name: String) -> String? {
        get { fields.first { Self.sameName($0.name, name) }?.value }
        set {
            fields.removeAll { Self.sameName($0.name, name) }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    /// Case-insensitive name comparison. Header names are ASCII tokens, so ASCII folding suffices; it avoids
    /// Foundation's locale-aware `caseInsensitiveCompare`, which showed in the notification verification profile.
    /// Lengths first (O(1) for native strings), then both names' UTF-8 in place: copying them into `var`s for
    /// `withUTF8` cost a retain and release each, and zipping the two UTF-8 views was slower still (the notify
    /// profile, docs/performance.md).
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let inPlace = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in sameASCIIIgnoringCase(x, y) }
        }
        if let same = inPlace ?? nil { return same }
        return sameASCIIIgnoringCase(Array(a.utf8), Array(b.utf8))
    }

    private static func sameASCIIIgnoringCase(
        _ x: some RandomAccessCollection<UInt8>, _ y: some RandomAccessCollection<UInt8>
    ) -> Bool {
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let (p, q) = (p | 0x20, q | 0x20)
            guard p == q, p >= UInt8(ascii: "a"), p <= UInt8(ascii: "z") else { return false }
        }
        return true
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.map { "\($0.name.lowercased()):\($0.value)" } == rhs.fields.map { "\($0.name.lowercased()):\($0.value)" }
    }
}

public struct HTTPRequest: Sendable {
    public var method: String
    /// Absolute URL, e.g. `https://api.mch.weixin.qq.com/v3/pay/transactions/native`.
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data

    public init(method: String, url: String, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// TLS client identity for the v2 `/secapi/` calls (refund): PEM files on disk.
public struct ClientCertificate: Sendable, Equatable {
    public var certificatePath: String
    public var privateKeyPath: String
    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}

/// Failures below HTTP: nothing was answered.
public enum TransportError: Error, Sendable, Equatable {
    /// DNS, connect, TLS or reset: the request may not have reached the server.
    case connection(String)
    /// The deadline passed; the request may or may not have been processed.
    case timeout(String)
    case invalidURL(String)
}

/// Sends one HTTP request and returns the whole response. The production implementation is libcurl.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, clientCertificate: ClientCertificate?) async throws -> HTTPResponse
}

extension HTTPTransport {
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, clientCertificate: nil)
    }
}
