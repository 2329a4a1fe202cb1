import Foundation

extension SimulatorHandler {
    /// `/sim/…`: the customer's side and the tester's levers (JSON, loopback peers only).
    func control(_ request: SimRequest) async -> SimResponse {
        guard request.isLoopbackPeer else {
            return .error(PlatformError(status: 403, code: "FORBIDDEN", message: "the control API answers loopback clients only"))
        }
        do {
            return try await controlRoute(request)
        } catch let error as PlatformError {
            return .error(error)
        } catch {
            return .error(PlatformError(status: 500, code: "SYSTEM_ERROR", message: "\(error)"))
        }
    }

    private func controlRoute(_ request: SimRequest) async throws -> SimResponse {
        let rest = Array(request.segments.dropFirst())
        func on(_ verb: String, _ pattern: String) -> [String]? {
            request.method == verb ? PathPattern.match(rest, pattern) : nil
        }
        if on("GET", "health") != nil {
            return .json(200, ["status": "ok", "mchid": config.mchid, "appid": config.appid, "base_url": baseURL(of: request)])
        }
        if on("GET", "orders") != nil {
            var views: [[String: Any]] = []
            for order in await engine.allOrders() { views.append(await view(order)) }
            return .json(200, ["orders": views])
        }
        if let c = on("GET", "orders/*") {
            guard let order = await engine.current(c[0]) else { throw PlatformError.orderNotExist(c[0]) }
            return .json(200, await view(order))
        }
        if let c = on("POST", "orders/*/pay") {
            let fields = try optionalBody(request)
            let (order, events) = try await engine.pay(
                outTradeNo: c[0], payerTotal: try fields?.int("payer_total"), openid: try fields?.string("openid"))
            await publish(events)
            return .json(200, await view(order))
        }
        if on("POST", "scan") != nil {
            guard let fields = try optionalBody(request) else { throw PlatformError.param("body {\"code_url\": …} is required") }
            let (order, events) = try await engine.pay(
                codeURL: try fields.requiredString("code_url"), payerTotal: try fields.int("payer_total"),
                openid: try fields.string("openid"))
            await publish(events)
            return .json(200, await view(order))
        }
        if let c = on("POST", "orders/*/userpaying") {
            return .json(200, await view(try await engine.startPaying(outTradeNo: c[0])))
        }
        if let c = on("POST", "orders/*/fail") {
            return .json(200, await view(try await engine.fail(outTradeNo: c[0])))
        }
        if let c = on("POST", "refunds/*/*") {
            guard let outcome = RefundOutcome(rawValue: c[1]) else {
                throw PlatformError.param("refund action must be succeed, abnormal or close, got \(c[1])")
            }
            let (refund, events) = try await engine.settle(outRefundNo: c[0], outcome: outcome)
            await publish(events)
            let order = await engine.current(refund.outTradeNo)
            return .json(200, WireViews.refund(refund, order: order))
        }
        if let c = on("GET", "refunds/*") {
            let refund = try await engine.refund(outRefundNo: c[0])
            let order = await engine.current(refund.outTradeNo)
            return .json(200, WireViews.refund(refund, order: order))
        }
        if on("GET", "notifications") != nil {
            var attempts = await dispatcher.attempts()
            if let number = request.query["out_trade_no"] { attempts = attempts.filter { $0.outTradeNo == number } }
            return .json(200, ["attempts": attempts.map(\.json)])
        }
        if on("GET", "faults") != nil { return .json(200, faultsJSON(await faults.settings)) }
        if on("POST", "faults") != nil {
            let settings: FaultSettings
            do {
                settings = try JSONDecoder().decode(FaultSettings.self, from: request.body.isEmpty ? Data("{}".utf8) : request.body)
            } catch {
                throw PlatformError.param("fault settings are not valid JSON of the documented fields: \(error)")
            }
            await faults.replace(with: try settings.validated())
            return .json(200, faultsJSON(settings))
        }
        if on("DELETE", "faults") != nil {
            await faults.reset()
            return .json(200, faultsJSON(FaultSettings()))
        }
        throw PlatformError(status: 404, code: "NOT_FOUND", message: "no such control API: \(request.method) \(request.path)")
    }

    private func optionalBody(_ request: SimRequest) throws -> JSONFields? {
        request.body.isEmpty ? nil : try JSONFields(body: request.body)
    }

    private func view(_ order: SimOrder) async -> [String: Any] {
        WireViews.simView(
            order, refunds: await engine.refunds(ofOrder: order.outTradeNo), refundable: await engine.refundable(order.outTradeNo))
    }

    private func faultsJSON(_ settings: FaultSettings) -> Any {
        guard let data = try? JSONEncoder().encode(settings), let object = try? JSONSerialization.jsonObject(with: data) else { return [:] as [String: Any] }
        return object
    }
}
