import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, so servers shut down cleanly instead of dying mid-request.
enum TerminationSignal {
    /// Suspends until SIGINT or SIGTERM arrives; returns its number.
    @discardableResult
    static func wait() async -> Int32 {
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        var received: Int32 = SIGTERM
        for await number in signals {
            received = number
            break
        }
        sources.forEach { $0.cancel() }
        return received
    }
}
