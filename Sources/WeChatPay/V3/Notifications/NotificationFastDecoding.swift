import Foundation

/// Notification envelopes and payment results decoded by `JSONReader` (the hot path), falling back to
/// `JSONDecoder` for anything the reader leaves to it (escaped keys, numbers with fractions, `scene_info`,
/// `promotion_detail`, duplicate keys, invalid JSON), so callers always get JSONDecoder's result or error.
extension NotificationEnvelope {
    /// Decodes a notification body.
    public static func decode(_ data: Data) throws -> NotificationEnvelope {
        if let envelope = try? JSONReader.read(data, { try read(&$0) }) { return envelope }
        return try JSONDecoder().decode(NotificationEnvelope.self, from: data)
    }

    private static func read(_ reader: inout JSONReader) throws -> NotificationEnvelope {
        var id, createTime, resourceType, eventType, summary: String?
        var resource: Resource?
        var seen = KeySet()
        try reader.readObject { key, reader in
            if key.is("id") {
                try seen.insert(0)
                id = try reader.readString()
            } else if key.is("create_time") {
                try seen.insert(1)
                createTime = try reader.readString()
            } else if key.is("resource_type") {
                try seen.insert(2)
                resourceType = try reader.readString()
            } else if key.is("event_type") {
                try seen.insert(3)
                eventType = try reader.readString()
            } else if key.is("summary") {
                try seen.insert(4)
                summary = try reader.readString()
            } else if key.is("resource") {
                try seen.insert(5)
                resource = try Resource.read(&reader)
            } else {
                try reader.skipValue()
            }
        }
        guard let id, let createTime, let resourceType, let eventType, let summary, let resource else {
            throw JSONReader.Failure()
        }
        return NotificationEnvelope(
            id: id, createTime: createTime, resourceType: resourceType, eventType: eventType, summary: summary,
            resource: resource)
    }
}

extension NotificationEnvelope.Resource {
    fileprivate static func read(_ reader: inout JSONReader) throws -> Self {
        var originalType, algorithm, ciphertext, nonce: String?
        var associatedData = ""
        var seen = KeySet()
        try reader.readObject { key, reader in
            if key.is("original_type") {
                try seen.insert(0)
                originalType = try reader.readString()
            } else if key.is("algorithm") {
                try seen.insert(1)
                algorithm = try reader.readString()
            } else if key.is("ciphertext") {
                try seen.insert(2)
                ciphertext = try reader.readString()
            } else if key.is("associated_data") {
                try seen.insert(3)
                associatedData = try reader.readOptionalString() ?? ""
            } else if key.is("nonce") {
                try seen.insert(4)
                nonce = try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        guard let originalType, let algorithm, let ciphertext, let nonce else { throw JSONReader.Failure() }
        return Self(
            originalType: originalType, algorithm: algorithm, ciphertext: ciphertext, associatedData: associatedData,
            nonce: nonce)
    }
}

extension Transaction {
    /// Decodes a payment result (query answer or notification resource).
    public static func decode(_ data: Data) throws -> Transaction {
        if let transaction = try? JSONReader.read(data, { try read(&$0) }) { return transaction }
        return try JSONDecoder().decode(Transaction.self, from: data)
    }

    private static func read(_ reader: inout JSONReader) throws -> Transaction {
        var transaction = Transaction(outTradeNo: "", tradeState: .unknown(""))
        var outTradeNo: String?
        var tradeState: TradeState?
        var seen = KeySet()
        try reader.readObject { key, reader in
            if key.is("appid") {
                try seen.insert(0)
                transaction.appid = try reader.readOptionalString()
            } else if key.is("mchid") {
                try seen.insert(1)
                transaction.mchid = try reader.readOptionalString()
            } else if key.is("sp_appid") {
                try seen.insert(2)
                transaction.spAppid = try reader.readOptionalString()
            } else if key.is("sp_mchid") {
                try seen.insert(3)
                transaction.spMchid = try reader.readOptionalString()
            } else if key.is("sub_appid") {
                try seen.insert(4)
                transaction.subAppid = try reader.readOptionalString()
            } else if key.is("sub_mchid") {
                try seen.insert(5)
                transaction.subMchid = try reader.readOptionalString()
            } else if key.is("out_trade_no") {
                try seen.insert(6)
                outTradeNo = try reader.readString()
            } else if key.is("transaction_id") {
                try seen.insert(7)
                transaction.transactionID = try reader.readOptionalString()
            } else if key.is("trade_type") {
                try seen.insert(8)
                transaction.tradeType = try reader.readOptionalString().map(TradeType.init(rawValue:))
            } else if key.is("trade_state") {
                try seen.insert(9)
                tradeState = TradeState(rawValue: try reader.readString())
            } else if key.is("trade_state_desc") {
                try seen.insert(10)
                transaction.tradeStateDesc = try reader.readOptionalString()
            } else if key.is("bank_type") {
                try seen.insert(11)
                transaction.bankType = try reader.readOptionalString()
            } else if key.is("attach") {
                try seen.insert(12)
                transaction.attach = try reader.readOptionalString()
            } else if key.is("success_time") {
                try seen.insert(13)
                transaction.successTime = try reader.readOptionalString()
            } else if key.is("payer") {
                try seen.insert(14)
                transaction.payer = try reader.readNull() ? nil : try Payer.read(&reader)
            } else if key.is("amount") {
                try seen.insert(15)
                transaction.amount = try reader.readNull() ? nil : try Amount.read(&reader)
            } else if key.is("scene_info") || key.is("promotion_detail") {
                // Rare in notifications: JSONDecoder handles them.
                guard try reader.readNull() else { throw JSONReader.Failure() }
            } else {
                try reader.skipValue()
            }
        }
        guard let outTradeNo, let tradeState else { throw JSONReader.Failure() }
        transaction.outTradeNo = outTradeNo
        transaction.tradeState = tradeState
        return transaction
    }
}

extension Payer {
    fileprivate static func read(_ reader: inout JSONReader) throws -> Payer {
        var payer = Payer()
        var seen = KeySet()
        try reader.readObject { key, reader in
            if key.is("openid") {
                try seen.insert(0)
                payer.openid = try reader.readOptionalString()
            } else if key.is("sp_openid") {
                try seen.insert(1)
                payer.spOpenid = try reader.readOptionalString()
            } else if key.is("sub_openid") {
                try seen.insert(2)
                payer.subOpenid = try reader.readOptionalString()
            } else {
                try reader.skipValue()
            }
        }
        return payer
    }
}

extension Amount {
    fileprivate static func read(_ reader: inout JSONReader) throws -> Amount {
        var total: Int?
        var amount = Amount(total: 0, currency: nil)
        var seen = KeySet()
        try reader.readObject { key, reader in
            if key.is("total") {
                try seen.insert(0)
                total = try reader.readInt()
            } else if key.is("currency") {
                try seen.insert(1)
                amount.currency = try reader.readOptionalString()
            } else if key.is("payer_total") {
                try seen.insert(2)
                amount.payerTotal = try reader.readOptionalInt()
            } else if key.is("payer_currency") {
                try seen.insert(3)
                amount.payerCurrency = try reader.readOptionalString()
            } else {
                try reader.skipValue()
            }
        }
        guard let total else { throw JSONReader.Failure() }
        amount.total = total
        return amount
    }
}

/// Known keys seen so far in one object: a repeated one is left to JSONDecoder.
private struct KeySet {
    private var bits: UInt32 = 0

    mutating func insert(_ index: Int) throws {
        let bit: UInt32 = 1 << UInt32(index)
        guard bits & bit == 0 else { throw JSONReader.Failure() }
        bits |= bit
    }
}
