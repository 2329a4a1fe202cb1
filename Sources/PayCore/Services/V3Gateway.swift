import Foundation
import WeChatPay

/// API v3, direct merchant or service provider (partner) mode.
struct V3Gateway: PaymentGateway {
    let client: WeChatPayClient
    let mchid: String
    let appid: String
    let partner: PartnerSettings?

    func createNative(
        outTradeNo: String, description: String, total: Int, timeExpire: Date, notifyURL: String, attach: String?
    ) async throws(PayCoreError) -> (codeURL: String, prepayID: String?) {
        let expire = WeChatPayTime.format(timeExpire)
        do {
            if let partner {
                let request = PartnerNativePrepayRequest(
                    spAppid: appid, spMchid: mchid, subAppid: partner.subAppid, subMchid: partner.subMchid,
                    description: description, outTradeNo: outTradeNo, timeExpire: expire, attach: attach,
                    notifyURL: notifyURL, amount: Amount(total: total))
                return (try await client.partnerNativePrepay(request), nil)
            }
            let request = NativePrepayRequest(
                appid: appid, mchid: mchid, description: description, outTradeNo: outTradeNo, timeExpire: expire,
                attach: attach, notifyURL: notifyURL, amount: Amount(total: total))
            return (try await client.nativePrepay(request), nil)
        } catch {
            throw PayCoreError.from(error)
        }
    }

    func query(outTradeNo: String) async throws(PayCoreError) -> GatewayTransaction {
        do {
            if let partner {
                return GatewayTransaction(
                    try await client.partnerQueryOrder(
                        outTradeNo: outTradeNo, spMchid: mchid, subMchid: partner.subMchid))
            }
            return GatewayTransaction(try await client.queryOrder(outTradeNo: outTradeNo, mchid: mchid))
        } catch {
            throw PayCoreError.from(error)
        }
    }

    func close(outTradeNo: String) async throws(PayCoreError) {
        do {
            if let partner {
                try await client.partnerCloseOrder(outTradeNo: outTradeNo, spMchid: mchid, subMchid: partner.subMchid)
            } else {
                try await client.closeOrder(outTradeNo: outTradeNo, mchid: mchid)
            }
        } catch {
            throw PayCoreError.from(error)
        }
    }

    func refund(
        outTradeNo: String, outRefundNo: String, total: Int, amount: Int, reason: String?, notifyURL: String?
    ) async throws(PayCoreError) -> GatewayRefund {
        let request = CreateRefundRequest(
            subMchid: partner?.subMchid, outTradeNo: outTradeNo, outRefundNo: outRefundNo, reason: reason,
            notifyURL: notifyURL, amount: RefundRequestAmount(refund: amount, total: total))
        do {
            return GatewayRefund(try await client.createRefund(request))
        } catch {
            throw PayCoreError.from(error)
        }
    }

    func queryRefund(outRefundNo: String) async throws(PayCoreError) -> GatewayRefund {
        do {
            return GatewayRefund(try await client.queryRefund(outRefundNo: outRefundNo, subMchid: partner?.subMchid))
        } catch {
            throw PayCoreError.from(error)
        }
    }

    func tradeBill(
        date: String, type: String, progress: (@Sendable (Int64, Int64) -> Void)?
    ) async throws(PayCoreError) -> Data {
        do {
            let bill = try await client.tradeBill(date: date, type: type, subMchid: partner?.subMchid)
            return try await client.downloadBill(bill, gzip: false, progress: progress)
        } catch {
            throw PayCoreError.from(error)
        }
    }
}
