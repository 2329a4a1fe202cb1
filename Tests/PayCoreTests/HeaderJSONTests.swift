import Foundation
import Testing
import WeChatPay

@testable import PayCore

/// The stored headers are JSON that any parser reads back to the same names and values.
@Suite("Header JSON")
struct HeaderJSONTests {
    @Test func escapesWhatJSONRequiresAndKeepsEverythingElse() throws {
        let headers = HTTPHeaders([
            ("Wechatpay-Signature", "abc+/=="),
            ("X-Quote", #"say "hi" \ back"#),
            ("X-Control", "line\nnext\r\ttab\u{01}end"),
            ("X-Unicode", "商户 ✓ 😀"),
            ("X-Repeated", "one"),
            ("X-Repeated", "two"),
        ])
        let text = HeaderJSON.encode(headers)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(parsed == [
            "Wechatpay-Signature": "abc+/==",
            "X-Quote": #"say "hi" \ back"#,
            "X-Control": "line\nnext\r\ttab\u{01}end",
            "X-Unicode": "商户 ✓ 😀",
            "X-Repeated": "one, two",
        ])
        #expect(text.contains(#"\u0001"#))
        #expect(text.hasPrefix(#"{"Wechatpay-Signature":"#), "keys sorted")
        #expect(HeaderJSON.decode(text).fields.count == 5)
    }

    @Test func repeatedNamesJoinInArrivalOrderUnderSortedKeys() {
        let headers = HTTPHeaders([("b", "2"), ("a", "1"), ("b", "3"), ("c", ""), ("b", "4\"")])
        #expect(HeaderJSON.encode(headers) == #"{"a":"1","b":"2, 3, 4\"","c":""}"#)
        #expect(HeaderJSON.encode(HTTPHeaders()) == "{}")
    }
}
