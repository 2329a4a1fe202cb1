import Foundation
import Testing
import WeChatPay

@Suite("v3 request signing")
struct V3AuthSignerTests {
    static let timestamp = 1_554_208_460
    static let nonce = "593BEC0C930BF1AFEB40B4A08C8FB242"
    // Computed: a `static let` of `Data` reads as a leak to LeakSanitizer (docs/hardening.md, session 4).
    static var jsapiBody: Data {
        Data((#"{"appid":"wxd678efh567hg6787","mchid":"1900007291","description":"Image形象店-深圳腾大-QQ公仔","#
            + #""out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","#
            + #""amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#).utf8)
    }

    static func signer() throws -> RequestSigner {
        RequestSigner(mchid: "1900007291", serialNumber: "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB", privateKey: try CryptoFixture.officialKey())
    }

    @Test func jsapiPaySignMatchesOfficialExample() throws {
        let parameters = try Self.signer().jsapiInvokeParameters(
            appid: "wx2421b1c4370ec43b", prepayID: "wx201410272009395522657a690389285100", timestamp: Self.timestamp,
            nonce: Self.nonce)
        #expect(
            parameters.paySign
                == "mI35pfNEQV6777ke/1T+LJLQDNTm7yeoUJH+j/adPGhmCCi0PbgkvYQTRcXH0uibcLVtvFLdGLpmoYO9FV6lBBsTAjuhh5YOvQi0e2g3e0yytitiNET9FEuqM0pjnKfRW4K6LIZDdbWJv9KhZUx3DrJa5TL7OJ7VdADVivxVySIlPVKjGwuCXzuXSJes0UcILgWQUMyha5/3nYofuHtS7r+KYyMuxD+oJ9VM1Qdxk4UIG59CP5Y3wtYIFybyF3bdu1caHTRRX+DLyMXyYA/IrTmiW01c4RPjpHBX5Dk1sZyY1zVsWNsvMHr2e1NTWtBxKJ+qk5N61J7caYoepHFaxw==")
        #expect(parameters.packageValue == "prepay_id=wx201410272009395522657a690389285100")
        #expect(parameters.signType == "RSA")
        #expect(parameters.timestamp == "1554208460")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(parameters)) as? [String: String]
        #expect(Set(json?.keys ?? [:].keys) == ["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"])
        #expect(json?["package"] == "prepay_id=wx201410272009395522657a690389285100")
    }

    @Test func appSignMatchesOfficialExample() throws {
        let parameters = try Self.signer().appInvokeParameters(
            appid: "wx2421b1c4370ec43b", partnerID: "1900007291", prepayID: "wx201410272009395522657a690389285100",
            timestamp: Self.timestamp, nonce: Self.nonce)
        #expect(
            parameters.sign
                == "gXx9KhTP6IooKV1SuG3OCGlBIgZbKtubCZvnau6khw1iffvNT28IzLbKmztq2xA/RCNbZa1XOsoiuVmAEeTZQicWfhv4P+O4oBRIrx0X9f3cnWFkMBU9alTWs0nyQ1N9fcILOTe0f4kxOhVh+/Xhn5hOiUK7Sz3XA1mcpa3R2NCWf/e+0ow/RDf15iTymOHgDrEkT/gedg/3E0iXfDX3mFicSZhrHESZDOTXcl9RzELREBUFznd/o2NQM99WcL86m23HY0cTy+QGWU4QDmNrbQ9ihmLW71qPb0Cx/d7EQvw/Kyx0A6s64ZQp3hHdcmiRcLnjVXrKCk7LShaCK+lS3Q==")
        #expect(parameters.packageValue == "Sign=WXPay")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(parameters)) as? [String: String]
        #expect(Set(json?.keys ?? [:].keys) == ["appid", "partnerid", "prepayid", "package", "noncestr", "timestamp", "sign"])
    }

    @Test func requestSignatureMatchesJSAPIPostVectorAndHeaderRoundTrips() throws {
        let signer = try Self.signer()
        let value = try signer.authorization(
            method: "POST", canonicalURL: "/v3/pay/transactions/jsapi", body: Self.jsapiBody, timestamp: Self.timestamp,
            nonce: Self.nonce)
        #expect(value.hasPrefix(#"WECHATPAY2-SHA256-RSA2048 mchid="1900007291",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",timestamp="1554208460",serial_no="408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB",signature=""#))
        let header = try AuthorizationHeader.parse(value)
        #expect(header.scheme == "WECHATPAY2-SHA256-RSA2048")
        #expect(header.mchid == "1900007291")
        #expect(header.nonce == Self.nonce)
        #expect(header.timestamp == "1554208460")
        #expect(header.serialNumber == "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB")
        #expect(
            header.signature
                == "jnks4dlrPw3ZX+ozVvSK39oa0t7OMBsg83BHAwd8BRdUFiVaQNTLTvci+wURgP1OQBbKYhFGvt7iqYpDSTQkp7Uq1sltaQKyncCyrA1g88m5bsKERQfPyT0ahSwKTYJ1CAn9QiJuSJRq1QsQs07eehbU/k9BCS51jTyc1Jpsi2H77HF9f/BnjXAOP3/sPObg6V5Ee4EzwLox684hhuMuIwHo7D8KFk3LIHOKDcNI4It1aCXydFWNpNK+SG86VUDe5kwoDpw4Ulqfu9z8OFDGbDs9TCxEv8iqQzbpxOlEVoOe2kalSYM5kApQb3nZcxdUtoE0liJGW3RGUNE0t4v01A==")
        #expect(header.value == value)
        let publicKey = try CryptoFixture.officialKey().publicKey
        #expect(RequestSigner.verify(
            authorization: header, method: "POST", canonicalURL: "/v3/pay/transactions/jsapi", body: Self.jsapiBody,
            publicKey: publicKey))
        #expect(!RequestSigner.verify(
            authorization: header, method: "POST", canonicalURL: "/v3/pay/transactions/jsapi",
            body: Self.jsapiBody + Data(" ".utf8), publicKey: publicKey))
        #expect(!RequestSigner.verify(
            authorization: header, method: "POST", canonicalURL: "/v3/pay/transactions/native", body: Self.jsapiBody,
            publicKey: publicKey))
    }

    @Test func certificatesGetSignatureMatchesDerivedVector() throws {
        let message = RequestSigner.message(
            method: "GET", canonicalURL: "/v3/certificates", timestamp: Self.timestamp, nonce: Self.nonce, body: Data())
        #expect(message == Data("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n".utf8))
        #expect(
            try Self.signer().sign(message: message)
                == "JNEITrKv8DWEtBJGZtxG9ARa+eIZDIn1Ht3MQM5j9jP77TtHdfCqLjpwevfWftBuaGMfEdiu2sWYtLvnZIoLW3FH10OVCBzKncid5xClTwav8JX+uDeGBBX8w64iHvFyuQj8ukZT+F1AFJii8hmXLD8Os90thnL0bfJYLo/4K237TH4dEd44NTH9ElFb/ykrvv9RBs+mCNpy5IUe2Qxhba3d3RiMqhWK2sSr3tsVzQihJ0TPMnjWqoU2W5Y/v3rBFDmLhqe0ZW6A4vyvjmiR0v/8XEI25Py4PNyZXszsdl4j0zLqelUJxGEMUBhYg1LIoDPjYMlA9HV1yKD6+JYZJA==")
    }

    @Test func genericSignatureMatchesGoVectorAndVerifiesWithCertificateAndPublicKey() throws {
        let signer = RequestSigner(mchid: "1234567890", serialNumber: "F5765756002FDD77", privateKey: try CryptoFixture.goKey())
        let expected =
            "BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLli/K8V29QiOhuH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj1aJGH6/L+hdwfLpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg=="
        #expect(try signer.sign(message: Data("source".utf8)) == expected)
        let signature = try #require(Data(base64Encoded: expected))
        let certificate = try CryptoFixture.goCertificate()
        #expect(certificate.publicKey.verifySHA256(signature: signature, data: Data("source".utf8)))
        let publicKey = try CryptoFixture.publicKey("go_test_public_key_F5765756002FDD77.pem")
        #expect(publicKey.verifySHA256(signature: signature, data: Data("source".utf8)))
        #expect(!publicKey.verifySHA256(signature: signature, data: Data("sourcE".utf8)))
        #expect(!publicKey.verifySHA256(signature: Data("garbage".utf8), data: Data("source".utf8)))
    }

    @Test func messageLinesMatchAxiosFormatter() {
        #expect(
            RequestSigner.message(method: "1", canonicalURL: "2", timestamp: "3", nonce: "4", body: Data("5".utf8))
                == Data("1\n2\n3\n4\n5\n".utf8))
        #expect(
            RequestSigner.message(method: "6", canonicalURL: "7", timestamp: 8, nonce: "9", body: Data())
                == Data("6\n7\n8\n9\n\n".utf8))
        #expect(
            RequestSigner.message(method: "P", canonicalURL: "/u", timestamp: 1, nonce: "n", body: Data("{}\n".utf8))
                == Data("P\n/u\n1\nn\n{}\n\n".utf8))
    }

    @Test func parsesAxiosParameterOrder() throws {
        let header = try AuthorizationHeader.parse(
            #"WECHATPAY2-SHA256-RSA2048 mchid="1",serial_no="5",timestamp="4",nonce_str="2",signature="3""#)
        #expect(
            header
                == AuthorizationHeader(mchid: "1", nonce: "2", timestamp: "4", serialNumber: "5", signature: "3"))
    }

    @Test func liveAuthorizationUsesNowAndAThirtyTwoCharacterNonce() throws {
        let signer = try Self.signer()
        let before = Int(Date().timeIntervalSince1970)
        let header = try AuthorizationHeader.parse(
            try signer.authorization(method: "GET", canonicalURL: "/v3/certificates", body: Data()))
        let timestamp = try #require(Int(header.timestamp))
        #expect(abs(timestamp - before) <= 2)
        #expect(header.nonce.count == 32)
        #expect(RequestSigner.verify(
            authorization: header, method: "GET", canonicalURL: "/v3/certificates", body: Data(),
            publicKey: try CryptoFixture.officialKey().publicKey))
    }

    @Test func rejectsMalformedAuthorizationHeaders() {
        let good = #"mchid="1",nonce_str="2",timestamp="4",serial_no="5",signature="3""#
        let cases: [(String, AuthorizationHeaderError)] = [
            ("", .malformed("no scheme")),
            ("WECHATPAY2-SHA256-RSA2048", .malformed("no scheme")),
            (" " + good, .malformed("empty scheme")),
            (#"WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="2",timestamp="4",serial_no="5""#,
             .missingParameter("signature")),
            (#"WECHATPAY2-SHA256-RSA2048 mchid="",nonce_str="2",timestamp="4",serial_no="5",signature="3""#,
             .missingParameter("mchid")),
            ("WECHATPAY2-SHA256-RSA2048 " + good + #",mchid="9""#, .duplicateParameter("mchid")),
            ("WECHATPAY2-SHA256-RSA2048 " + good + #",extra="9""#, .unknownParameter("extra")),
            (#"WECHATPAY2-SHA256-RSA2048 mchid=1,nonce_str="2",timestamp="4",serial_no="5",signature="3""#,
             .malformed("bad parameter syntax")),
            ("WECHATPAY2-SHA256-RSA2048 " + good + ",", .malformed("parameter without '='")),
            (#"WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="2",timestamp="4x",serial_no="5",signature="3""#,
             .malformed("timestamp is not decimal seconds")),
            (#"WECHATPAY2-SHA256-RSA2048 mchid="1"2",nonce_str="2",timestamp="4",serial_no="5",signature="3""#,
             .malformed("quote inside a value")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try AuthorizationHeader.parse(text) }
        }
    }

    @Test func verifyRefusesOtherSchemes() throws {
        let signer = try Self.signer()
        var header = try AuthorizationHeader.parse(
            try signer.authorization(method: "GET", canonicalURL: "/v3/certificates", body: Data(), timestamp: 1, nonce: "n"))
        #expect(RequestSigner.verify(
            authorization: header, method: "GET", canonicalURL: "/v3/certificates", body: Data(),
            publicKey: try CryptoFixture.officialKey().publicKey))
        header.scheme = "WECHATPAY2-SM2-WITH-SM3"
        #expect(!RequestSigner.verify(
            authorization: header, method: "GET", canonicalURL: "/v3/certificates", body: Data(),
            publicKey: try CryptoFixture.officialKey().publicKey))
    }
}
