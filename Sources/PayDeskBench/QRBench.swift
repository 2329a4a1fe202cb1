import CQREncode
import TerminalUI

/// `qr_render_us`: code_url → terminal QR rows (libqrencode + half-block rendering), against libqrencode's
/// encoding alone (QRcode_encodeData with the same text, 8-bit mode, level M), the part PayDesk cannot speed up.
enum QRBench {
    static func run() throws {
        let codeURL = "weixin://wxpay/bizpayurl?pr=Abc1234XYZ"
        let bytes = Array(codeURL.utf8)
        let encodes = rate {
            let code = bytes.withUnsafeBufferPointer { buffer in
                QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, QR_ECLEVEL_M)
            }
            QRcode_free(code)
        }
        let renders = try rate {
            let matrix = try QRMatrix.encode(codeURL)
            _ = QRRenderer.rows(matrix, style: .halfBlocks)
        }
        emit(.compared("qr_render_us", value: microseconds(renders), unit: "us",
                       reference: "libqrencode_encode_us", referenceValue: microseconds(encodes)))
    }

    /// Microseconds per call, one decimal.
    static func microseconds(_ perSecond: Double) -> Double { (1_000_000 / perSecond * 10).rounded() / 10 }
}
