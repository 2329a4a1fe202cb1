import Foundation
import Testing
@testable import WeChatPay

/// The hot-path base64 decoder accepts only strict RFC 4648 text, and never disagrees with Foundation on what it
/// accepts.
@Suite("Base64")
struct Base64Tests {
    @Test func roundTripsEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Data(bytes).base64EncodedString()) == bytes)
        }
    }

    @Test(arguments: ["QQ", "QQ=", "QQ===", "Q===", "QU=D", "=QUJ", "QQ==QQ==", "QUJ D", "QUJD\n", "-_==", "QUJDRA", "é=="])
    func refusesMalformedText(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func decodesLikeFoundation() {
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("QR==") == [65])  // trailing bits ignored, as Foundation does
        #expect(Base64.decode("+/==") == [251])
        #expect(Base64.decode("////") == [255, 255, 255])
    }

    /// Random edits of valid text: whatever this decoder accepts, Foundation accepts with the same bytes.
    @Test func acceptsNothingFoundationRefuses() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=- \n".utf8)
        var accepted = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 1...40, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var text = Array(Data(bytes).base64EncodedString().utf8)
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text[Int.random(in: 0..<text.count, using: &generator)] = alphabet.randomElement(using: &generator)!
                case 1: text.insert(alphabet.randomElement(using: &generator)!, at: Int.random(in: 0...text.count, using: &generator))
                default: if text.count > 1 { text.remove(at: Int.random(in: 0..<text.count, using: &generator)) }
                }
            }
            let string = String(decoding: text, as: UTF8.self)
            guard let ours = Base64.decode(string) else { continue }
            accepted += 1
            #expect(Data(base64Encoded: string).map { Array($0) } == ours, "\(string)")
        }
        #expect(accepted > 1_000)
    }
}
