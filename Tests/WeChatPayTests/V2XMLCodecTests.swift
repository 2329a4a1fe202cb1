import Foundation
import Testing
@testable import WeChatPay

@Suite struct V2XMLCodecTests {
    private func decode(_ text: String) throws -> [String: String] {
        try XMLCodec.decode(Data(text.utf8))
    }

    // MARK: - Accepted documents

    @Test func parsesThePaySuccessNotificationFixture() throws {
        let fields = try XMLCodec.decode(try V2Fixtures.data("paysuccess.notification.sample.xml"))
        #expect(fields.count == 20)
        #expect(fields["appid"] == "wx2421b1c4370ec43b")
        #expect(fields["attach"] == "支付测试")
        #expect(fields["total_fee"] == "1")
        #expect(fields["mch_id"] == "10000100")
        #expect(fields["out_trade_no"] == "1409811653")
        #expect(fields["transaction_id"] == "1004400740201409030005092168")
        #expect(fields["time_end"] == "20140903131540")
        #expect(fields["sign"] == "B552ED6B279343CB493C5DD0D78AB241")
        #expect(fields["result_code"] == "SUCCESS")
    }

    @Test func parsesTheRefundReqInfoRootFixture() throws {
        let fields = try XMLCodec.decode(try V2Fixtures.data("refund.notification.req_info.sample.xml"))
        #expect(fields.count == 13)
        #expect(fields["refund_recv_accout"] == "支付用户零钱")
        #expect(fields["success_time"] == "2018-11-19 16:24:13")
        #expect(fields["refund_fee"] == "3960")
    }

    @Test func roundTripsChineseAndMarkupCharacters() throws {
        let fields = [
            "body": "图像店-深圳腾大-QQ公仔", "attach": "a<b>&c\"d'e", "tricky": "x]]>y]]]]>z", "empty": "",
            "spaces": "  padded  ", "newline": "line1\nline2",
        ]
        #expect(try XMLCodec.decode(XMLCodec.encode(fields)) == fields)
        #expect(try XMLCodec.decode(XMLCodec.encode(fields, root: "root")) == fields)
    }

    @Test func encodesSortedKeysInCDATA() {
        let text = String(decoding: XMLCodec.encode(["b": "2", "a": "1", "B": "3"]), as: UTF8.self)
        #expect(text == "<xml><B><![CDATA[3]]></B><a><![CDATA[1]]></a><b><![CDATA[2]]></b></xml>")
    }

    @Test func splitsCDATATerminatorInsideValues() {
        let text = String(decoding: XMLCodec.encode(["k": "a]]>b"]), as: UTF8.self)
        #expect(text == "<xml><k><![CDATA[a]]]]><![CDATA[>b]]></k></xml>")
    }

    @Test func decodesPredefinedEntitiesAndCharacterReferences() throws {
        let fields = try decode("<xml><a>&lt;&gt;&amp;&quot;&apos;</a><b>&#20013;&#x6587;&#X41;</b></xml>")
        #expect(fields == ["a": "<>&\"'", "b": "中文A"])
    }

    @Test func keepsEntitiesLiteralInsideCDATA() throws {
        #expect(try decode("<xml><a><![CDATA[&amp;<b>]]></a></xml>") == ["a": "&amp;<b>"])
    }

    @Test func joinsMixedTextAndCDATA() throws {
        #expect(try decode("<xml><a>x<![CDATA[y]]>z</a></xml>") == ["a": "xyz"])
    }

    @Test func ignoresDeclarationWhitespaceAndCommentsBetweenElements() throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<xml>\n\t<!-- note -->\n  <a>1</a>\n  <b/>\n</xml>\n"
        #expect(try decode(text) == ["a": "1", "b": ""])
    }

    @Test func emptyRootGivesNoFields() throws {
        #expect(try decode("<xml></xml>") == [:])
        #expect(try decode("<xml/>") == [:])
    }

    // MARK: - XXE and other attacks

    @Test func refusesTheXXEInjectionFixture() throws {
        let data = try V2Fixtures.data("invalid.xxe_injection.sample.xml")
        #expect(throws: XMLCodecError.doctypeForbidden) { try XMLCodec.decode(data) }
    }

    @Test func refusesDoctypeAnywhereInAnyCase() {
        let documents = [
            "<!DOCTYPE xml><xml><a>1</a></xml>",
            "<xml><!DOCTYPE x><a>1</a></xml>",
            "<xml><a>1<!doctype x></a></xml>",
            "<xml><a><![CDATA[<!DOCTYPE x>]]></a></xml>",
            "<xml><a>1</a></xml><!DocType x>",
        ]
        for document in documents {
            #expect(throws: XMLCodecError.doctypeForbidden, "\(document)") { try decode(document) }
        }
    }

    @Test func refusesEntityDeclarationsWithoutDoctype() {
        #expect(throws: XMLCodecError.doctypeForbidden) {
            try decode("<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><xml><a>&xxe;</a></xml>")
        }
    }

    @Test func refusesBillionLaughs() {
        var document = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            document += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        document += "]>\n<xml><a>&lol9;</a></xml>"
        #expect(throws: XMLCodecError.doctypeForbidden) { try decode(document) }
    }

    @Test func refusesUndeclaredEntityReferences() {
        #expect(throws: XMLCodecError.malformed("unknown entity &xxe; in <a>")) { try decode("<xml><a>&xxe;</a></xml>") }
        #expect(throws: XMLCodecError.malformed("bare '&' in <a>")) { try decode("<xml><a>a & b</a></xml>") }
        #expect(throws: XMLCodecError.malformed("bad character reference &#0; in <a>")) { try decode("<xml><a>&#0;</a></xml>") }
        #expect(throws: XMLCodecError.malformed("bad character reference &#xD800; in <a>")) {
            try decode("<xml><a>&#xD800;</a></xml>")
        }
    }

    @Test func refusesProcessingInstructionsOtherThanTheLeadingDeclaration() {
        #expect(throws: XMLCodecError.malformed("processing instruction")) {
            try decode("<?xml-stylesheet href=\"x\"?><xml></xml>")
        }
        #expect(throws: XMLCodecError.malformed("processing instruction")) { try decode("<xml><?php x ?></xml>") }
        #expect(throws: XMLCodecError.malformed("content after the root element")) {
            try decode("<xml></xml><?xml version=\"1.0\"?>")
        }
    }

    @Test func refusesNestedElements() {
        #expect(throws: XMLCodecError.nested("a")) { try decode("<xml><a><b>1</b></a></xml>") }
        #expect(throws: XMLCodecError.nested("a")) { try decode("<xml><a>\n  <b/>\n</a></xml>") }
    }

    @Test func refusesTruncatedAndUnbalancedDocuments() {
        let documents = [
            "", "   ", "<xml>", "<xml><a>1</a>", "<xml><a>1", "<xml><a><![CDATA[1</a></xml>",
            "<xml><a>1</b></xml>", "<xml><a>1</a></root>", "<xml><a>1</a></xml></xml>", "<xml>text</xml>",
            "<xml><a>1</a></xml>trailing", "<xml><a x=\"1\">1</a></xml>", "<xml><a>1 < 2</a></xml>", "plain text",
            "<xml><!-- open </xml>",
        ]
        for document in documents {
            #expect(throws: XMLCodecError.self, "\(document)") { try decode(document) }
            do {
                _ = try decode(document)
            } catch let error as XMLCodecError {
                if case .malformed = error {} else { Issue.record("\(document) gave \(error) instead of malformed") }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func refusesDuplicateKeys() {
        #expect(throws: XMLCodecError.duplicateKey("sign")) {
            try decode("<xml><sign>A</sign><a>1</a><sign>B</sign></xml>")
        }
    }

    @Test func refusesInvalidUTF8() {
        var data = Data("<xml><a>".utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Array("</a></xml>".utf8))
        #expect(throws: XMLCodecError.malformed("invalid UTF-8 in <a>")) { try XMLCodec.decode(data) }
    }

    @Test func refusesDocumentsOverTheSizeLimit() throws {
        let megabyte = Data(("<xml><a>" + String(repeating: "x", count: 1_048_576) + "</a></xml>").utf8)
        #expect(throws: XMLCodecError.tooLarge(megabyte.count)) { try XMLCodec.decode(megabyte) }
        let small = Data("<xml><a>12345</a></xml>".utf8)
        #expect(throws: XMLCodecError.tooLarge(small.count)) { try XMLCodec.decode(small, limit: 10) }
        #expect(try XMLCodec.decode(megabyte, limit: 2_000_000)["a"]?.count == 1_048_576)
    }
}
