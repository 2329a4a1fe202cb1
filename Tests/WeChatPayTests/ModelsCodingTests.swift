import Foundation
import Testing

@testable import WeChatPay

@Suite("Model coding")
struct ModelsCodingTests {
    static let transactionJSON = """
        {"amount":{"currency":"CNY","payer_currency":"CNY","payer_total":90,"total":100},
        "appid":"wxd678efh567hg6787","attach":"自定义数据","bank_type":"CMC","mchid":"1230000109",
        "out_trade_no":"1217752501201407033233368018",
        "payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        "promotion_detail":[{"amount":10,"coupon_id":"109519","currency":"CNY",
          "goods_detail":[{"discount_amount":1,"goods_id":"M1006","goods_remark":"商品备注信息","quantity":1,"unit_price":100}],
          "merchant_contribute":0,"name":"单品惠-6","other_contribute":0,"scope":"SINGLE","stock_id":"931386",
          "type":"CASH","wechatpay_contribute":10}],
        "scene_info":{"device_id":"013467007045764"},
        "success_time":"2018-06-08T10:34:56+08:00","trade_state":"SUCCESS","trade_state_desc":"支付成功",
        "trade_type":"NATIVE","transaction_id":"1217752501201407033233368018"}
        """

    @Test func decodesTransactionWithPromotionDetail() throws {
        let transaction = try JSONDecoder().decode(Transaction.self, from: Data(Self.transactionJSON.utf8))
        #expect(transaction.tradeState == .success)
        #expect(transaction.tradeType == .native)
        #expect(transaction.amount == Amount(total: 100, currency: "CNY", payerTotal: 90, payerCurrency: "CNY"))
        #expect(transaction.payer?.openid == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        #expect(transaction.sceneInfo?.deviceID == "013467007045764")
        let promotion = try #require(transaction.promotionDetail?.first)
        #expect(promotion.couponID == "109519")
        #expect(promotion.wechatpayContribute == 10)
        #expect(promotion.goodsDetail?.first == PromotionGoodsDetail(
            goodsID: "M1006", quantity: 1, unitPrice: 100, discountAmount: 1, goodsRemark: "商品备注信息"))
        #expect(WeChatPayTime.parse(try #require(transaction.successTime)) == Date(timeIntervalSince1970: 1_528_425_296))
        #expect(transaction.spMchid == nil)
    }

    @Test func transactionRoundTripsWithoutNulls() throws {
        let transaction = try JSONDecoder().decode(Transaction.self, from: Data(Self.transactionJSON.utf8))
        let data = try JSONEncoder().encode(transaction)
        #expect(!String(decoding: data, as: UTF8.self).contains("null"))
        #expect(try JSONDecoder().decode(Transaction.self, from: data) == transaction)
    }

    @Test func decodesUnpaidPartnerTransactionAndKeepsUnknownState() throws {
        let json = """
            {"sp_appid":"wx8888888888888888","sp_mchid":"1230000109","sub_mchid":"1900000109",
            "out_trade_no":"PD0001","trade_state":"SOMETHING_NEW","trade_state_desc":"?",
            "amount":{"total":100,"currency":"CNY"}}
            """
        let transaction = try JSONDecoder().decode(Transaction.self, from: Data(json.utf8))
        #expect(transaction.tradeState == .unknown("SOMETHING_NEW"))
        #expect(transaction.tradeState.rawValue == "SOMETHING_NEW")
        #expect(transaction.subMchid == "1900000109")
        #expect(transaction.transactionID == nil)
        let encoded = String(decoding: try JSONEncoder().encode(transaction), as: UTF8.self)
        #expect(encoded.contains(#""trade_state":"SOMETHING_NEW""#))
    }

    @Test func tradeStatesMapBothWays() {
        let all: [TradeState] = [.success, .refund, .notPay, .closed, .revoked, .userPaying, .payError]
        #expect(all.map(\.rawValue) == ["SUCCESS", "REFUND", "NOTPAY", "CLOSED", "REVOKED", "USERPAYING", "PAYERROR"])
        #expect(all.allSatisfy { TradeState(rawValue: $0.rawValue) == $0 })
        #expect(RefundChannel(rawValue: "OTHER_BANKCARD") == .otherBankcard)
        #expect(FundsAccount(rawValue: "NEW_ACCOUNT") == .unknown("NEW_ACCOUNT"))
    }

    @Test func decodesRefund() throws {
        let json = """
            {"refund_id":"50000000382019052709732678859","out_refund_no":"1217752501201407033233368018",
            "transaction_id":"1217752501201407033233368018","out_trade_no":"1217752501201407033233368018",
            "channel":"ORIGINAL","user_received_account":"招商银行信用卡0403","success_time":"2020-12-01T16:18:12+08:00",
            "create_time":"2020-12-01T16:18:12+08:00","status":"SUCCESS","funds_account":"UNSETTLED",
            "amount":{"total":100,"refund":100,"from":[{"account":"AVAILABLE","amount":444}],"payer_total":90,
              "payer_refund":90,"settlement_refund":100,"settlement_total":100,"discount_refund":10,"currency":"CNY"},
            "promotion_detail":[{"promotion_id":"109519","scope":"SINGLE","type":"DISCOUNT","amount":5,"refund_amount":100,
              "goods_detail":[{"merchant_goods_id":"1217752501201407033233368018","wechatpay_goods_id":"1001",
                "goods_name":"iPhone6s 16G","unit_price":100,"refund_amount":100,"refund_quantity":1}]}]}
            """
        let refund = try JSONDecoder().decode(Refund.self, from: Data(json.utf8))
        #expect(refund.status == .success)
        #expect(refund.channel == .original)
        #expect(refund.fundsAccount == .unsettled)
        #expect(refund.amount.from == [RefundSource(account: "AVAILABLE", amount: 444)])
        #expect(refund.amount.discountRefund == 10)
        #expect(refund.promotionDetail?.first?.goodsDetail?.first?.refundQuantity == 1)
    }

    @Test func decodesRefundNotificationPlaintext() throws {
        let json = """
            {"mchid":"1900000100","transaction_id":"1008450740201411110005820873","out_trade_no":"20150806125346",
            "refund_id":"50200207182018070300011301001","out_refund_no":"7752501201407033233368018",
            "refund_status":"SUCCESS","success_time":"2018-06-08T10:34:56+08:00",
            "user_received_account":"招商银行信用卡0403",
            "amount":{"total":999,"refund":999,"payer_total":999,"payer_refund":999}}
            """
        let resource = try JSONDecoder().decode(RefundNotificationResource.self, from: Data(json.utf8))
        #expect(resource.refundStatus == .success)
        #expect(resource.amount == RefundAmount(total: 999, refund: 999, payerTotal: 999, payerRefund: 999))
        #expect(resource.outRefundNo == "7752501201407033233368018")
    }

    @Test func decodesErrorBodiesWithAndWithoutDetail() throws {
        let plain = try JSONDecoder().decode(
            APIErrorBody.self, from: Data(#"{"code":"ORDER_NOT_EXIST","message":"订单不存在"}"#.utf8))
        #expect(plain == APIErrorBody(code: "ORDER_NOT_EXIST", message: "订单不存在"))
        let detailed = try JSONDecoder().decode(
            APIErrorBody.self,
            from: Data(#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/amount/total","value":0,"issue":"must be >= 1","location":"body"}}"#.utf8))
        #expect(detailed.detail == #"{"field":"/amount/total","issue":"must be >= 1","location":"body","value":0}"#)
    }

    @Test func prepayEncodingHasSnakeCaseKeysAndNoNulls() throws {
        let request = NativePrepayRequest(
            appid: "wxd678efh567hg6787", mchid: "1230000109", description: "Image形象店-深圳腾大-QQ公仔",
            outTradeNo: "1217752501201407033233368018", timeExpire: "2018-06-08T10:34:56+08:00", attach: "a",
            notifyURL: "https://www.weixin.qq.com/wxpay/pay.php", goodsTag: "WXG", supportFapiao: false,
            amount: Amount(total: 100), sceneInfo: SceneInfo(payerClientIP: "14.23.150.211", deviceID: "013467007045764",
                storeInfo: StoreInfo(id: "0001", areaCode: "440305")),
            settleInfo: SettleInfo(profitSharing: false))
        let data = try WeChatPayClient.encodeBody(request)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("null"))
        #expect(text.contains(#""notify_url":"https://www.weixin.qq.com/wxpay/pay.php""#))
        let object = try ClientFixture.json(data)
        #expect(
            Set(object.keys) == [
                "appid", "mchid", "description", "out_trade_no", "time_expire", "attach", "notify_url", "goods_tag",
                "support_fapiao", "amount", "scene_info", "settle_info",
            ])
        let amount = try #require(object["amount"] as? [String: Any])
        #expect(Set(amount.keys) == ["total", "currency"])
        #expect(amount["total"] as? Int == 100 && amount["currency"] as? String == "CNY")
        #expect(
            Set((object["scene_info"] as? [String: Any])?.keys.map { $0 } ?? [])
                == ["payer_client_ip", "device_id", "store_info"])
        #expect((object["settle_info"] as? [String: Any])?["profit_sharing"] as? Bool == false)
        let minimal = try ClientFixture.json(WeChatPayClient.encodeBody(ClientFixture.nativeRequest()))
        #expect(minimal["time_expire"] == nil && minimal["scene_info"] == nil)
    }

    @Test func refundRequestsEncodeExactKeys() throws {
        let create = CreateRefundRequest(
            transactionID: "4200000001", outRefundNo: "RF0001", notifyURL: "https://paydesk.example/notify",
            fundsAccount: "AVAILABLE", amount: RefundRequestAmount(refund: 10, total: 100))
        let object = try ClientFixture.json(WeChatPayClient.encodeBody(create))
        #expect(Set(object.keys) == ["transaction_id", "out_refund_no", "notify_url", "funds_account", "amount"])
        #expect(Set((object["amount"] as? [String: Any])?.keys.map { $0 } ?? []) == ["refund", "total", "currency"])
        let abnormal = AbnormalRefundRequest(
            outRefundNo: "RF0001", type: "USER_BANK_CARD", bankType: "ICBC_DEBIT", bankAccount: "c1", realName: "c2")
        let abnormalObject = try ClientFixture.json(WeChatPayClient.encodeBody(abnormal))
        #expect(Set(abnormalObject.keys) == ["out_refund_no", "type", "bank_type", "bank_account", "real_name"])
        let bill = try JSONDecoder().decode(
            BillResponse.self,
            from: Data(#"{"hash_type":"SHA1","hash_value":"79bb0f45fc4c42234a918000b2668d689e2bde04","download_url":"https://api.mch.weixin.qq.com/v3/billdownload/file?token=xx"}"#.utf8))
        #expect(bill.hashValue == "79bb0f45fc4c42234a918000b2668d689e2bde04")
    }
}
