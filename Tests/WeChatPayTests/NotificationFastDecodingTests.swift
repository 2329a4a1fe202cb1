import Foundation
import Testing
@testable import WeChatPay

/// The hot-path JSON reader must give exactly JSONDecoder's answer: the same value, or an error.
@Suite("Notification fast decoding")
struct NotificationFastDecodingTests {
    static let transactions: [String] = [
        #"{"mchid":"1900000109","appid":"wxd678efh567hg6787","out_trade_no":"1217752501201407033233368018","transaction_id":"4200000000201407033233368018","trade_type":"NATIVE","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"CMC","attach":"自定义数据","success_time":"2018-06-08T10:34:56+08:00","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},"amount":{"total":100,"payer_total":100,"currency":"CNY","payer_currency":"CNY"}}"#,
        // Escapes (\u, surrogate pair, \n, \/), nulls, unknown keys, whitespace, partner fields.
        " { \"sp_mchid\" : \"1900000100\", \"sub_mchid\":\"1900000109\",\"sp_appid\":null,\"out_trade_no\":\"A\\/B\\u00e9\\ud83d\\ude00\\n\",\n\"trade_state\":\"NEW_STATE\",\"trade_type\":null,\"extra\":[1,2.5e3,{\"x\":[true,false,null]}],\"payer\":{\"sub_openid\":\"o\",\"more\":{}},\"amount\":{\"total\":-0}} ",
        // Left to JSONDecoder: promotion_detail, scene_info, a fraction, an escaped key.
        #"{"out_trade_no":"P","trade_state":"SUCCESS","promotion_detail":[{"coupon_id":"1","amount":10}],"scene_info":{"device_id":"013467007045764"}}"#,
        #"{"out_trade_no":"P","trade_state":"SUCCESS","amount":{"total":100.0}}"#,
        #"{"out_trade_no":"P","trade_state":"SUCCESS","\u0061ppid":"wx"}"#,
        // Errors: missing required, wrong type, invalid JSON, trailing garbage, duplicate key, lone surrogate.
        #"{"trade_state":"SUCCESS"}"#,
        #"{"out_trade_no":1,"trade_state":"SUCCESS"}"#,
        #"{"out_trade_no":"P","trade_state":"SUCCESS",}"#,
        #"{"out_trade_no":"P","trade_state":"SUCCESS"} x"#,
        #"{"out_trade_no":"P","out_trade_no":"Q","trade_state":"SUCCESS"}"#,
        #"{"out_trade_no":"\ud800","trade_state":"SUCCESS"}"#,
        #"{"out_trade_no":"P","trade_state":"SUCCESS","amount":{"total":01}}"#,
        "{\"out_trade_no\":\"tab\there\",\"trade_state\":\"SUCCESS\"}",
        #"[]"#,
        "",
    ]

    @Test(arguments: transactions)
    func transactionMatchesJSONDecoder(_ text: String) {
        let data = Data(text.utf8)
        let expected = Result { try JSONDecoder().decode(Transaction.self, from: data) }
        let actual = Result { try Transaction.decode(data) }
        switch (expected, actual) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder: \(expected), fast: \(actual)")
        }
    }

    @Test func envelopeMatchesJSONDecoder() throws {
        let body = try NotificationEnvelope.encode(
            eventType: "TRANSACTION.SUCCESS", summary: "支付成功", originalType: "transaction",
            plaintext: Data(Self.transactions[0].utf8), apiV3Key: Data(repeating: 0x41, count: 32))
        let bodies = [
            body,
            Data(#"{"id":"1","create_time":"t","resource_type":"encrypt-resource","event_type":"E","summary":"s","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"Y2lwaGVy","nonce":"n"}}"#.utf8),
            Data(#"{"id":"1","create_time":"t","resource_type":"encrypt-resource","event_type":"E","summary":"s","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"Y2lwaGVy","associated_data":null,"nonce":"n"}}"#.utf8),
            Data(#"{"id":"1","create_time":"t","resource_type":"encrypt-resource","event_type":"E","summary":"s"}"#.utf8),
            Data(#"{"id":null,"create_time":"t","resource_type":"r","event_type":"E","summary":"s","resource":{}}"#.utf8),
        ]
        for data in bodies {
            let expected = Result { try JSONDecoder().decode(NotificationEnvelope.self, from: data) }
            let actual = Result { try NotificationEnvelope.decode(data) }
            switch (expected, actual) {
            case (.success(let a), .success(let b)): #expect(a == b)
            case (.failure, .failure): break
            default: Issue.record("JSONDecoder: \(expected), fast: \(actual)")
            }
        }
    }

    @Test func readerTakesTheCommonShapeItself() throws {
        // The fast path really runs for a WeChat Pay transaction (not only the fallback).
        let value = try JSONReader.read(Data(Self.transactions[0].utf8)) { reader -> Int in
            var keys = 0
            try reader.readObject { _, reader in
                keys += 1
                try reader.skipValue()
            }
            return keys
        }
        #expect(value == 12)
        #expect(throws: JSONReader.Failure.self) { try JSONReader.read(Data("{} {}".utf8)) { try $0.skipValue() } }
    }

    @Test func headerNamesCompareWithoutRegardToASCIICase() {
        let headers = HTTPHeaders([("wechatpay-SERIAL", "PUB"), ("Content-Type", "application/json")])
        #expect(headers["Wechatpay-Serial"] == "PUB")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["Wechatpay-Seria"] == nil)
        #expect(!HTTPHeaders.sameName("a-b", "A_B"))
        #expect(!HTTPHeaders.sameName("[", "{"))
    }

    /// `readString` skips plain ASCII eight bytes at a time: a stop byte (quote, escape, control character,
    /// non-ASCII) at every offset of a word, and strings ending on and off word boundaries, must still give
    /// JSONDecoder's answer.
    @Test func stringsWithAStopByteAtEveryOffsetMatchJSONDecoder() {
        // As bytes: 0xFF and a lone continuation byte are invalid UTF-8, which JSONDecoder refuses.
        let stops: [[UInt8]] = [#"\""#, #"\\"#, #"\u0041"#, #"\n"#, "é", "支", "\u{01}", "\t", "😀"].map { Array($0.utf8) }
            + [[0xFF], [0x80]]
        var mismatches: [String] = []
        var decoded = 0
        for length in 0..<20 {
            let plain = Array(String(repeating: "Ab+/9=", count: 4).utf8.prefix(length))
            for stop in stops + [[]] {
                for offset in 0...length where !stop.isEmpty || offset == length {
                    let value = plain.prefix(offset) + stop + plain.dropFirst(offset)
                    let data = Data(#"{"out_trade_no":""#.utf8 + value + #"","trade_state":"SUCCESS"}"#.utf8)
                    let text = String(decoding: data, as: UTF8.self)
                    let expected = try? JSONDecoder().decode(Transaction.self, from: data)
                    let actual = try? Transaction.decode(data)
                    if expected != actual { mismatches.append(text) }
                    if actual != nil { decoded += 1 }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(decoded > 1_000)
    }
}
