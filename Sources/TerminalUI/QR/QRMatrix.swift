import CQREncode

/// Why a QR code could not be made.
public enum QRError: Error, Sendable, Equatable {
    /// libqrencode failed (the text is too long for any version at level M, or memory ran out).
    case encodingFailed
    /// The text is empty.
    case emptyText
}

/// A QR code as a square grid of modules (`true` = dark), without the quiet zone.
public struct QRMatrix: Sendable, Equatable {
    /// Modules per side.
    public let width: Int
    /// Row-major modules, `true` = dark.
    public let modules: [Bool]

    /// Creates a matrix from row-major modules (`modules.count` must be `width * width`).
    public init(width: Int, modules: [Bool]) {
        precondition(modules.count == width * width, "QR modules must be width × width")
        self.width = width
        self.modules = modules
    }

    /// Whether the module at `row`, `column` is dark; outside the code (the quiet zone) it is light.
    public func isDark(row: Int, column: Int) -> Bool {
        guard row >= 0, column >= 0, row < width, column < width else { return false }
        return modules[row * width + column]
    }

    /// Encodes `text` as UTF-8 bytes in 8-bit mode, error correction level M, smallest version that fits.
    public static func encode(_ text: String) throws(QRError) -> QRMatrix {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .emptyText }
        guard let code = bytes.withUnsafeBufferPointer({ buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, QR_ECLEVEL_M)
        }) else {
            throw .encodingFailed
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module colour; the other bits are libqrencode's bookkeeping.
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        return QRMatrix(width: width, modules: data.map { $0 & 1 == 1 })
    }
}
