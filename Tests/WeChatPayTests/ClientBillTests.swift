import Foundation
import Testing

@testable import WeChatPay

@Suite("WeChatPayClient bill download")
struct ClientBillTests {
    static func fixture() throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/wechatpay-vectors/php_fixture_tradebill_ALL.csv")
        return try Data(contentsOf: url)
    }

    static func unsigned(_ body: Data) -> FakeTransport.Step {
        .respond(HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]), body: body))
    }

    @Test func plainBillWithMatchingHashIsReturnedUnverified() async throws {
        let csv = try Self.fixture()
        let transport = FakeTransport([Self.unsigned(csv)])
        let validator = FakeValidator()
        let client = ClientFixture.client(transport, validator: validator)
        let bill = BillResponse(
            hashValue: Digest.sha1(csv).hexString.uppercased(),
            downloadURL: "https://api.mch.weixin.qq.com/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO")
        let data = try await client.downloadBill(bill, gzip: false)
        #expect(data == csv)
        let request = try #require(await transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == bill.downloadURL)
        #expect(
            request.headers["Authorization"]?.hasPrefix(
                "FAKE GET /v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO ")
                == true)
        #expect(await validator.validatedBodies.isEmpty)
    }

    @Test func gzipBillIsInflatedBeforeHashing() async throws {
        let csv = try Self.fixture()
        let compressed = try Gzip.compress(csv)
        #expect(compressed.count < csv.count)
        let transport = FakeTransport([Self.unsigned(compressed)])
        let client = ClientFixture.client(transport)
        let bill = BillResponse(hashValue: Digest.sha1(csv).hexString, downloadURL: "https://api.mch.weixin.qq.com/v3/billdownload/file?token=t")
        let data = try await client.downloadBill(bill, gzip: true)
        #expect(data == csv)
        let parsed = try TradeBill.parse(data)
        #expect(parsed.rows.count == 45)
    }

    @Test func hashMismatchIsRejected() async throws {
        let csv = try Self.fixture()
        var tampered = csv
        tampered.append(contentsOf: Array("`extra".utf8))
        let transport = FakeTransport([Self.unsigned(tampered)])
        let client = ClientFixture.client(transport)
        let expected = Digest.sha1(csv).hexString
        let bill = BillResponse(hashValue: expected, downloadURL: "https://api.mch.weixin.qq.com/v3/billdownload/file?token=t")
        await #expect(throws: WeChatPayError.billHashMismatch(expected: expected, actual: Digest.sha1(tampered).hexString)) {
            _ = try await client.downloadBill(bill, gzip: false)
        }
    }

    @Test func platformHostIsRebasedOntoBaseURLAndOtherHostsKept() async throws {
        let csv = try Self.fixture()
        let hash = Digest.sha1(csv).hexString
        let transport = FakeTransport([Self.unsigned(csv), Self.unsigned(csv), Self.unsigned(csv)])
        let client = WeChatPayClient(
            baseURL: "http://127.0.0.1:8380/", authorizer: FakeAuthorizer(), validator: FakeValidator(),
            transport: transport, retry: ClientFixture.fastRetry)
        _ = try await client.downloadBill(
            BillResponse(hashValue: hash, downloadURL: "https://api.mch.weixin.qq.com/v3/billdownload/file?token=a%2Bb"),
            gzip: false)
        _ = try await client.downloadBill(
            BillResponse(hashValue: hash, downloadURL: "http://127.0.0.1:8380/v3/billdownload/file?token=c"), gzip: false)
        _ = try await client.downloadBill(
            BillResponse(hashValue: hash, downloadURL: "https://files.example.com/bills/1?sig=z"), gzip: false)
        let requests = await transport.requests
        #expect(
            requests.map(\.url) == [
                "http://127.0.0.1:8380/v3/billdownload/file?token=a%2Bb",
                "http://127.0.0.1:8380/v3/billdownload/file?token=c",
                "https://files.example.com/bills/1?sig=z",
            ])
        #expect(requests[0].headers["Authorization"]?.hasPrefix("FAKE GET /v3/billdownload/file?token=a%2Bb ") == true)
        #expect(requests[2].headers["Authorization"]?.hasPrefix("FAKE GET /bills/1?sig=z ") == true)
    }

    @Test func gzipRoundTripsAndRejectsGarbage() throws {
        let text = Data(String(repeating: "账单,bill\r\n", count: 5000).utf8)
        let compressed = try Gzip.compress(text)
        #expect(Gzip.isCompressed(compressed))
        #expect(try Gzip.decompress(compressed) == text)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02])) }
        #expect(try Gzip.decompress(Gzip.compress(Data())) == Data())
    }
}

@Suite("WeChatPayClient over CurlTransport")
struct ClientCurlBillTests {
    @Test func downloadsBillOverLoopbackWithProgress() async throws {
        let csv = try ClientBillTests.fixture()
        let progress = ProgressLog()
        let data = try await TransportTestServer.withServer { base in
            let client = WeChatPayClient(
                baseURL: base, authorizer: FakeAuthorizer(), validator: FakeValidator(), transport: CurlTransport())
            let bill = BillResponse(
                hashValue: Digest.sha1(csv).hexString,
                downloadURL: "https://api.mch.weixin.qq.com/v3/billdownload/file?token=abc")
            return try await client.downloadBill(bill, gzip: false) { received, expected in
                progress.append(received, expected)
            }
        }
        #expect(data == csv)
        let last = try #require(progress.values.last)
        #expect(last.0 == Int64(csv.count))
        #expect(last.1 == Int64(csv.count))
    }
}
