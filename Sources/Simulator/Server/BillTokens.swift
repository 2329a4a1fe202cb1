import Foundation
import WeChatPay

/// Bill files waiting to be downloaded through `/v3/billdownload/file?token=…` (in memory, 5 minutes).
actor BillTokens {
    private var files: [String: (data: Data, expires: Date)] = [:]

    /// Stores `data` and returns its token.
    func issue(_ data: Data, lifetime: TimeInterval = 300) -> String {
        let now = Date()
        files = files.filter { $0.value.expires > now }
        let token = Nonce.make(length: 32)
        files[token] = (data, now.addingTimeInterval(lifetime))
        return token
    }

    /// The file of `token` while it is valid.
    func file(_ token: String) -> Data? {
        guard let entry = files[token], entry.expires > Date() else { return nil }
        return entry.data
    }
}
