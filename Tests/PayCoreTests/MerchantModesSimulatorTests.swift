import Foundation
import PayCore
import Testing
import WeChatPay

/// The legacy XML API v2 and the v3 service-provider (partner) mode through PayCore, against the simulator.
///
/// Payments are made by the simulated customer and turn PAID only through the platform's notification (nothing
/// polls: no watcher runs), so each test proves the notification path of its mode end to end.
@Suite("Merchant modes against the simulator", .serialized)
struct MerchantModesSimulatorTests {
    @Test(arguments: [V2SignType.hmacSHA256, .md5])
    func v2NativeIsPaidByXMLNotificationQueriedAndRefunded(signType: V2SignType) async throws {
        let shop = try await SimulatedShop.start {
            $0.apiVersion = .v2
            $0.v2SignType = signType
        }
        do {
            let core = shop.core
            let order = try await core.checkout.create(CheckoutRequest(total: 1000, description: "v2 espresso"))
            #expect(order.status == .pending)
            let codeURL = try #require(order.codeURL)
            #expect(codeURL.hasPrefix("weixin://wxpay/bizpayurl?pr="))
            #expect(order.prepayID?.isEmpty == false)
            // The listener takes v2 payment XML on its own path.
            #expect(order.notifyURL == shop.listener.baseURL + "/notify/v2/pay")

            // The customer scans the QR; the platform's signed XML notification makes the order PAID.
            #expect(try await shop.control("/sim/scan", json: #"{"code_url":"\#(codeURL)"}"#).status == 200)
            let notification = await shop.waitForNotification(order.outTradeNo) { $0.processedAt != nil }
            #expect(notification?.protocolVersion == "v2")
            #expect(notification?.path == "/notify/v2/pay")
            #expect(notification?.verdict == NotificationVerdict.verified, "\(notification?.verdictDetail ?? "")")
            #expect(notification?.outcome == NotificationVerdict.Outcome.applied, "\(notification?.outcomeDetail ?? "")")
            #expect(notification?.httpStatus == 200)
            #expect(notification?.body.contains("<return_code><![CDATA[SUCCESS]]></return_code>") == true
                || notification?.body.contains("<return_code>SUCCESS</return_code>") == true)
            if signType == .hmacSHA256 {
                #expect(notification?.body.contains("HMAC-SHA256") == true)
            } else {
                #expect(notification?.body.contains("HMAC-SHA256") == false)
            }
            let paid = try #require(try core.store.order(outTradeNo: order.outTradeNo))
            #expect(paid.status == .paid)
            #expect(paid.transactionID?.hasPrefix("4200000") == true)
            #expect(paid.paidAt != nil)

            // v2 orderquery maps trade_state SUCCESS and the fields onto the same order.
            let queried = try await core.checkout.query(outTradeNo: order.outTradeNo)
            #expect(queried.status == .paid)
            #expect(queried.transactionID == paid.transactionID)
            #expect(try core.store.snapshots(outTradeNo: order.outTradeNo).last?.json.contains("\"trade_state\":\"SUCCESS\"") == true)

            // A payment whose notification is lost is found by the query alone.
            #expect(try await shop.control("/sim/faults", json: #"{"drop_notifications":true}"#).status == 200)
            let quiet = try await core.checkout.create(CheckoutRequest(total: 250, description: "v2 quiet"))
            #expect(try await shop.control("/sim/orders/\(quiet.outTradeNo)/pay").status == 200)
            #expect(try core.store.order(outTradeNo: quiet.outTradeNo)?.status == .pending)
            let found = try await core.checkout.query(outTradeNo: quiet.outTradeNo)
            #expect(found.status == .paid)
            #expect(found.transactionID?.isEmpty == false)
            let cleared = try await shop.transport.send(HTTPRequest(method: "DELETE", url: shop.baseURL + "/sim/faults"))
            #expect((200..<300).contains(cleared.status))

            // v2 refund (/secapi/pay/refund; the TLS client certificate cannot be exercised over plain loopback
            // HTTP, the simulator checks the body signature), then its encrypted req_info notification.
            let refund = try await core.refunds.create(outTradeNo: order.outTradeNo, amount: 300, reason: "v2 refund", outRefundNo: nil)
            #expect(refund.status == .processing)
            #expect(refund.refundID?.isEmpty == false)
            #expect(try await shop.control("/sim/refunds/\(refund.outRefundNo)/succeed").status == 200)
            let partly = await shop.waitFor(order.outTradeNo) { $0.status == .partiallyRefunded }
            #expect(partly?.status == .partiallyRefunded)
            #expect(partly?.refundedTotal == 300)
            let refundNotification = await shop.waitForNotification(order.outTradeNo) {
                $0.path == "/notify/v2/refund" && $0.processedAt != nil
            }
            #expect(refundNotification?.verdict == NotificationVerdict.verified, "\(refundNotification?.verdictDetail ?? "")")
            #expect(refundNotification?.outcome == NotificationVerdict.Outcome.applied)
            #expect(refundNotification?.outRefundNo == refund.outRefundNo)
            // v2 refundquery agrees.
            let settled = try await core.refunds.query(outRefundNo: refund.outRefundNo)
            #expect(settled.status == .success)
            #expect(settled.amount == 300)

            // Every v2 call is in the order's story as v3's are (api_calls), its signature kept out.
            let calls = try core.store.apiCalls(outTradeNo: order.outTradeNo)
            #expect(Set(calls.map(\.operation)).isSuperset(of: ["prepay", "query", "refund"]), "\(calls.map(\.operation))")
            #expect(calls.allSatisfy { $0.method == "POST" && $0.httpStatus == 200 && $0.errorCode == nil })
            #expect(calls.allSatisfy { $0.requestBody?.contains("<sign><![CDATA[[REDACTED]]]></sign>") == true }, "\(calls.map(\.requestBody))")
            #expect(calls.allSatisfy { $0.responseBody?.contains("SUCCESS") == true })
            #expect(calls.first { $0.operation == "refund" }?.outRefundNo == refund.outRefundNo)
            #expect(calls.first { $0.operation == "refund" }?.endpoint == "/secapi/pay/refund")
            #expect(try core.store.apiCalls(outTradeNo: quiet.outTradeNo).map(\.operation).contains("query"))
        } catch {
            await shop.stop()
            throw error
        }
        await shop.stop()
    }

    @Test func partnerNativeIsPaidByNotificationQueriedAndRefunded() async throws {
        let shop = try await SimulatedShop.start {
            $0.partner = PartnerSettings(subMchid: "1900000109", subAppid: nil)
        }
        do {
            let core = shop.core
            #expect(try core.store.merchant(named: core.configuration.merchantName)?.mode == .partner)
            let order = try await core.checkout.create(CheckoutRequest(total: 2000, description: "Partner tea"))
            #expect(order.status == .pending)
            #expect(try core.store.apiCalls(outTradeNo: order.outTradeNo).contains {
                $0.endpoint.contains("/v3/pay/partner/transactions/native") && $0.httpStatus == 200
            })
            #expect(order.notifyURL == shop.listener.notifyURL)

            #expect(try await shop.control("/sim/orders/\(order.outTradeNo)/pay").status == 200)
            let notification = await shop.waitForNotification(order.outTradeNo) { $0.processedAt != nil }
            #expect(notification?.protocolVersion == "v3")
            #expect(notification?.eventType == "TRANSACTION.SUCCESS")
            #expect(notification?.verdict == NotificationVerdict.verified, "\(notification?.verdictDetail ?? "")")
            #expect(notification?.outcome == NotificationVerdict.Outcome.applied, "\(notification?.outcomeDetail ?? "")")
            #expect(notification?.decryptedResource?.contains("\"sub_mchid\":\"1900000109\"") == true)
            #expect(try core.store.order(outTradeNo: order.outTradeNo)?.status == .paid)

            let queried = try await core.checkout.query(outTradeNo: order.outTradeNo)
            #expect(queried.status == .paid)
            #expect(try core.store.apiCalls(outTradeNo: order.outTradeNo).contains {
                $0.endpoint.contains("/v3/pay/partner/transactions/out-trade-no/") && $0.endpoint.contains("sub_mchid=1900000109")
            })

            let refund = try await core.refunds.create(outTradeNo: order.outTradeNo, amount: nil, reason: nil, outRefundNo: nil)
            #expect(refund.amount == 2000)
            #expect(try await shop.control("/sim/refunds/\(refund.outRefundNo)/succeed").status == 200)
            let refunded = await shop.waitFor(order.outTradeNo) { $0.status == .refunded }
            #expect(refunded?.status == .refunded)
            #expect(refunded?.refundedTotal == 2000)
            let settled = try await core.refunds.query(outRefundNo: refund.outRefundNo)
            #expect(settled.status == .success)
        } catch {
            await shop.stop()
            throw error
        }
        await shop.stop()
    }
}
