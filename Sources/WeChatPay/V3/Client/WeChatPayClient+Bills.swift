import Foundation

extension WeChatPayClient {
    /// Hosts of the platform API: a bill `download_url` on one of them is fetched through `baseURL`.
    static let platformHosts: Set<String> = ["api.mch.weixin.qq.com", "api2.mch.weixin.qq.com"]

    /// Where to fetch the trade bill of `date` (`yyyy-MM-dd`); `type` is `ALL`, `SUCCESS` or `REFUND`.
    public func tradeBill(
        date: String, type: String = "ALL", gzip: Bool = false, subMchid: String? = nil
    ) async throws(WeChatPayError) -> BillResponse {
        try RequestValidation.billDate(date)
        var query = [("bill_date", date)]
        if let subMchid { query.append(("sub_mchid", subMchid)) }
        query.append(("bill_type", type))
        if gzip { query.append(("tar_type", "GZIP")) }
        return try await get("/v3/bill/tradebill", query: query, answer: BillResponse.self)
    }

    /// Where to fetch the fund-flow bill of `date`; `accountType` is `BASIC`, `OPERATION` or `FEES`.
    public func fundFlowBill(
        date: String, accountType: String = "BASIC", gzip: Bool = false
    ) async throws(WeChatPayError) -> BillResponse {
        try RequestValidation.billDate(date)
        var query = [("bill_date", date), ("account_type", accountType)]
        if gzip { query.append(("tar_type", "GZIP")) }
        return try await get("/v3/bill/fundflowbill", query: query, answer: BillResponse.self)
    }

    /// Downloads a bill file, gunzips it when compressed (`gzip`: it was requested with `tar_type=GZIP`)
    /// and checks the SHA-1 of the plain bytes against `bill.hashValue`.
    ///
    /// The download is signed like any GET (canonical URL = the path and query of `download_url` as given)
    /// but its answer is not signature-verified: the hash protects it instead.
    public func downloadBill(
        _ bill: BillResponse, gzip: Bool, progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) async throws(WeChatPayError) -> Data {
        guard let components = URLComponents(string: bill.downloadURL), let host = components.host?.lowercased(),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http"
        else { throw .invalidRequest("download_url is not an http(s) URL") }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let canonical = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        let baseHost = URLComponents(string: baseURL)?.host?.lowercased()
        let viaBase = host == baseHost || Self.platformHosts.contains(host)
        let response = try await perform(
            Call(
                method: "GET", canonicalURL: canonical, body: Data(), idempotent: true, verifiesResponse: false,
                absoluteURL: viaBase ? nil : bill.downloadURL, progress: progress))
        var content = response.body
        // Decided by the magic bytes: a plain file when `gzip` was asked for is still checked by its hash.
        if Gzip.isCompressed(content) {
            do {
                content = try Gzip.decompress(content)
            } catch {
                throw .decoding("bill gunzip failed: \(error)")
            }
        }
        let actual = Digest.sha1(content).hexString
        guard actual.caseInsensitiveCompare(bill.hashValue) == .orderedSame else {
            throw .billHashMismatch(expected: bill.hashValue, actual: actual)
        }
        return content
    }

    /// The raw, verified body of `GET /v3/certificates` (decrypting it is the verifier's job).
    public func certificates() async throws(WeChatPayError) -> Data {
        try await perform(Call(method: "GET", canonicalURL: "/v3/certificates", body: Data(), idempotent: true)).body
    }
}
