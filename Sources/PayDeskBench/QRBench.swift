import TerminalUI

/// `qr_render_us`: code_url → terminal QR rows (libqrencode + half-block rendering).
enum QRBench {
    static func run() throws {
        let codeURL = "weixin://wxpay/bizpayurl?pr=Abc1234XYZ"
        let renders = try rate {
            let matrix = try QRMatrix.encode(codeURL)
            _ = QRRenderer.rows(matrix, style: .halfBlocks)
        }
        emit(Figure(name: "qr_render_us", value: (1_000_000 / renders * 10).rounded() / 10, unit: "us"))
    }
}
