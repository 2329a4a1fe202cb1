import Dispatch
import Foundation
import WeChatPay

/// Runs async work from the synchronous bench driver and waits for its result.
func blocking<T>(_ body: @escaping () async throws -> T) throws -> T {
    nonisolated(unsafe) let body = body
    nonisolated(unsafe) var result: Result<T, any Error>?
    let done = DispatchSemaphore(value: 0)
    Task {
        do { result = .success(try await body()) } catch { result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try result!.get()
}

/// `rate` for async work: calls `body` in one task (one core) for about `seconds`, returns calls per second.
func blockingRate(seconds: Double = 2, _ body: @escaping () async throws -> Void) throws -> Double {
    nonisolated(unsafe) let body = body
    return try blocking {
        let clock = ContinuousClock()
        var count = 0
        let start = clock.now
        var elapsed = Duration.zero
        while elapsed < .seconds(seconds) {
            for _ in 0..<16 { try await body() }
            count += 16
            elapsed = clock.now - start
        }
        return Double(count) / elapsed.seconds
    }
}
