import Foundation
import Testing
import WeChatPay

@Suite("Digests")
struct CryptoDigestTests {
    @Test func md5MatchesAxiosVectors() {
        #expect(Digest.md5(Data("exposed_your_key_here_have_risks".utf8)).hexString == "4ad14ac334ab13540eb6c5479512a8e8")
        #expect(Digest.md5(Data()).hexString == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(
            Digest.md5(Data("&key=exposed_your_key_here_have_risks".utf8)).hexString
                == "b3d43c8390f26e2030d4d17bd580fbc8")
        #expect(
            Digest.md5(Data("&secret=exposed_your_key_here_have_risks".utf8)).hexString
                == "7831c3ff1bde78fd0ac1107e00ac92e6")
    }
}
