import Foundation

/// Gathers the status line, header lines and body bytes libcurl hands to the callbacks of one transfer.
///
/// `@unchecked Sendable`: it is created for one transfer and only mutated by that transfer's callbacks,
/// which libcurl runs on the thread inside `curl_easy_perform`; it is read after perform returns.
final class CurlResponseCollector: @unchecked Sendable {
    private(set) var headers = HTTPHeaders()
    private(set) var body = Data()
    private let progress: (@Sendable (Int64, Int64) -> Void)?

    init(progress: (@Sendable (Int64, Int64) -> Void)?) {
        self.progress = progress
    }

    /// One header line as libcurl delivers it (always a whole line, CRLF included).
    func receiveHeaderLine(_ raw: UnsafeBufferPointer<UInt8>) {
        var line = String(decoding: raw, as: UTF8.self)
        while line.hasSuffix("\r\n") || line.hasSuffix("\n") { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            // A new response begins (after 100-continue or a redirect): keep only the last one's headers.
            headers = HTTPHeaders()
            return
        }
        guard !line.isEmpty else { return }
        if line.first == " " || line.first == "\t" {
            // Obsolete line folding: continuation of the previous field's value.
            appendToLastField(line.trimmingCharacters(in: .whitespaces))
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.add(name, value)
    }

    /// A chunk of body bytes.
    func receiveBody(_ raw: UnsafeBufferPointer<UInt8>) {
        if let base = raw.baseAddress { body.append(base, count: raw.count) }
        if let progress {
            let expected = headers["Content-Length"].flatMap { Int64($0) } ?? -1
            progress(Int64(body.count), expected)
        }
    }

    private func appendToLastField(_ continuation: String) {
        var fields = headers.fields
        guard let last = fields.popLast() else { return }
        var rebuilt = HTTPHeaders()
        for field in fields { rebuilt.add(field.name, field.value) }
        rebuilt.add(last.name, last.value.isEmpty ? continuation : last.value + " " + continuation)
        headers = rebuilt
    }
}
