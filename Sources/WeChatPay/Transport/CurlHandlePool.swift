import CCurl
import CCurlShim
import Foundation

/// One libcurl easy handle plus its error buffer.
///
/// `@unchecked Sendable`: the pointer is owned by the pool and used by exactly one request at a time
/// (checked out under the pool's lock, returned afterwards), so it is never touched concurrently.
final class CurlEasyHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let pointer = curl_easy_init() else { return nil }
        self.pointer = pointer
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(pointer)
        errorBuffer.deallocate()
    }

    /// The detail libcurl wrote for the last failure, if any.
    var errorDetail: String {
        String(cString: errorBuffer)
    }
}

/// Idle easy handles kept per origin so that their connections (and TLS sessions) are reused.
///
/// `@unchecked Sendable`: all mutable state is read and written only while holding `lock`.
final class CurlHandlePool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [String: [CurlEasyHandle]] = [:]
    private var created = 0
    private var connections = 0
    private let maxIdlePerOrigin: Int

    init(maxIdlePerOrigin: Int) {
        CurlGlobal.initializeOnce()
        self.maxIdlePerOrigin = maxIdlePerOrigin
    }

    /// Number of easy handles ever created (a reuse indicator for tests and metrics).
    var handlesCreated: Int { lock.withLock { created } }

    /// Number of new connections libcurl opened so far; stays low when connections are kept alive.
    var connectionsOpened: Int { lock.withLock { connections } }

    /// Adds the connections a finished transfer had to open.
    func countConnections(_ count: Int) { lock.withLock { connections += count } }

    /// Takes an idle handle for `origin` or makes a new one.
    func checkOut(origin: String) -> CurlEasyHandle? {
        if let handle = lock.withLock({ idle[origin]?.popLast() }) { return handle }
        guard let handle = CurlEasyHandle() else { return nil }
        lock.withLock { created += 1 }
        return handle
    }

    /// Returns a handle; beyond the idle limit it is released (closing its connections).
    func checkIn(_ handle: CurlEasyHandle, origin: String) {
        // A handle not kept is released when this function returns, outside the lock.
        lock.withLock {
            guard idle[origin, default: []].count < maxIdlePerOrigin else { return }
            idle[origin, default: []].append(handle)
        }
    }
}

/// `curl_global_init` must run once per process before any handle is created.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    static func initializeOnce() { _ = initialized }
}
