import ArgumentParser

/// A `HOST:PORT` to bind (`127.0.0.1:8381`, `[::1]:0`); port 0 picks a free port.
struct ListenAddress: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    var host: String
    var port: Int

    /// The default of `paydesk serve` and `paydesk listen`, next to the simulator's 8380.
    static let serveDefault = ListenAddress(host: "127.0.0.1", port: 8381)
    /// Loopback, any free port: the console's embedded listener.
    static let loopbackAnyPort = ListenAddress(host: "127.0.0.1", port: 0)

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
              (0...65_535).contains(port)
        else { return nil }
        var host = String(argument[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    var defaultValueDescription: String { description }
}
