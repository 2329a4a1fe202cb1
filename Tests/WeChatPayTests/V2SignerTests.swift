import Foundation
import Testing
@testable import WeChatPay

@Suite struct V2SignerTests {
    /// Vector V-11: the official v2 signing-rules example.
    static let v11Params = [
        "appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000", "body": "test",
        "nonce_str": "ibuaiVcKdpRxkhJA",
    ]
    static let v11Key = "192006250b4c09247ec02edce69f6a2d"

    @Test func buildsTheV11SigningString() {
        #expect(V2Signer.signingString(Self.v11Params, apiKey: Self.v11Key) ==
            "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA"
            + "&key=192006250b4c09247ec02edce69f6a2d")
    }

    @Test func signsV11WithMD5() {
        #expect(V2Signer(apiKey: Self.v11Key).sign(Self.v11Params, type: .md5) == "9A0A8659F005D6984697E2CA0A9CF3B7")
    }

    @Test func signsV11WithHMACSHA256() {
        #expect(V2Signer(apiKey: Self.v11Key).sign(Self.v11Params, type: .hmacSHA256)
            == "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6")
    }

    /// Vector V-12: MD5 helper values (AXIOS tests/lib/hash.test.js).
    @Test func reproducesV12MD5Values() {
        #expect(Digest.md5(Data("exposed_your_key_here_have_risks".utf8)).hexString == "4ad14ac334ab13540eb6c5479512a8e8")
        #expect(Digest.md5(Data()).hexString == "d41d8cd98f00b204e9800998ecf8427e")
        // AXIOS signs an empty parameter set as "&key=…"; PayDesk never signs an empty set and writes "key=…".
        #expect(Digest.md5(Data("&key=exposed_your_key_here_have_risks".utf8)).hexString == "b3d43c8390f26e2030d4d17bd580fbc8")
        #expect(V2Signer.signingString([:], apiKey: "k") == "key=k")
    }

    @Test func skipsEmptyValuesAndTheSignField() {
        let signer = V2Signer(apiKey: Self.v11Key)
        var params = Self.v11Params
        params["sign"] = "ANYTHING"
        params["attach"] = ""
        #expect(signer.sign(params, type: .md5) == "9A0A8659F005D6984697E2CA0A9CF3B7")
    }

    @Test func sortsByASCIINotByLocale() {
        let text = V2Signer.signingString(["b": "1", "B": "2", "a_b": "3", "aB": "4"], apiKey: "k")
        #expect(text == "B=2&aB=4&a_b=3&b=1&key=k")
    }

    @Test func verifiesBothAlgorithmsAndDefaultsToMD5() {
        let signer = V2Signer(apiKey: Self.v11Key)
        var md5 = Self.v11Params
        md5["sign"] = "9A0A8659F005D6984697E2CA0A9CF3B7"
        #expect(signer.verify(md5))
        var lowerCase = md5
        lowerCase["sign"] = "9a0a8659f005d6984697e2ca0a9cf3b7"
        #expect(signer.verify(lowerCase))
        var hmac = Self.v11Params
        hmac["sign_type"] = "HMAC-SHA256"
        hmac["sign"] = signer.sign(hmac, type: .hmacSHA256)
        #expect(signer.verify(hmac))
    }

    @Test func infersHMACFromSignatureLengthWhenSignTypeIsAbsent() {
        var params = Self.v11Params
        params["sign"] = "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
        #expect(V2Signer(apiKey: Self.v11Key).verify(params))
    }

    @Test func rejectsTamperedMissingOrMislabelledSignatures() {
        let signer = V2Signer(apiKey: Self.v11Key)
        var params = Self.v11Params
        params["sign"] = "9A0A8659F005D6984697E2CA0A9CF3B7"
        var tampered = params
        tampered["body"] = "test2"
        #expect(!signer.verify(tampered))
        #expect(!V2Signer(apiKey: "wrong-key").verify(params))
        #expect(!signer.verify(Self.v11Params))
        var mislabelled = params
        mislabelled["sign_type"] = "HMAC-SHA256"
        #expect(!signer.verify(mislabelled))
        var unknown = params
        unknown["sign_type"] = "SHA1"
        #expect(!signer.verify(unknown))
        var truncated = params
        truncated["sign"] = "9A0A8659F005D6984697E2CA0A9CF3B"
        #expect(!signer.verify(truncated))
    }
}
