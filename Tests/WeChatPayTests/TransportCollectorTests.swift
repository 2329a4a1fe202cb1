import Foundation
import Testing

@testable import WeChatPay

@Suite("Header collection of the curl transport")
struct TransportCollectorTests {
    static func feed(_ collector: CurlResponseCollector, _ lines: [String]) {
        for line in lines {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { collector.receiveHeaderLine($0) }
        }
    }

    @Test func keepsOnlyTheLastResponseHeaders() {
        let collector = CurlResponseCollector(progress: nil)
        Self.feed(collector, [
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "Content-Type: application/json\r\n", "\r\n",
        ])
        #expect(collector.headers["x-interim"] == nil)
        #expect(collector.headers["content-type"] == "application/json")
    }

    @Test func joinsFoldedLinesAndKeepsRepeatedFields() {
        let collector = CurlResponseCollector(progress: nil)
        Self.feed(collector, [
            "HTTP/1.1 200 OK\r\n", "Wechatpay-Signature: abc\r\n", "\tdef\r\n", "Set-Cookie: a=1\r\n",
            "set-cookie: b=2\r\n", "Empty:\r\n", "\r\n",
        ])
        #expect(collector.headers["WECHATPAY-SIGNATURE"] == "abc def")
        #expect(collector.headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) == ["a=1", "b=2"])
        #expect(collector.headers["Empty"] == "")
    }
}
