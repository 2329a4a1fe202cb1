import CZlib
import Foundation

/// gzip through zlib (Foundation on Linux has none): bill files arrive gzip-compressed with `tar_type=GZIP`.
public enum Gzip {
    /// Failures of zlib.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Whether `data` starts with the gzip magic bytes.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Inflates a gzip (or zlib) stream; concatenated gzip members are all inflated.
    public static func decompress(_ data: Data) throws(Failure) -> Data {
        var stream = z_stream()
        // 15 + 32: maximum window, detect gzip or zlib header automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        let total = input.count
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(Failure) in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(total)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunkBuffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    // Another gzip member follows.
                    status = inflateReset(&stream)
                }
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
            if status != Z_STREAM_END && status != Z_OK {
                throw Failure(description: "inflate failed (\(status))")
            }
        }
        if status != Z_STREAM_END { throw Failure(description: "truncated gzip stream") }
        return output
    }

    /// Compresses `data` into one gzip member.
    public static func compress(_ data: Data, level: Int32 = Z_DEFAULT_COMPRESSION) throws(Failure) -> Data {
        var stream = z_stream()
        // 15 + 16: maximum window with a gzip header.
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw Failure(description: "deflateInit failed") }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        let total = input.count
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(total)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    status = deflate(&stream, Z_FINISH)
                    return chunkBuffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw Failure(description: "deflate failed (\(status))") }
        return output
    }
}
