import Foundation
import TestSupport
import Testing
@testable import TerminalUI

@Suite struct QRTests {
    static let codeURL = "weixin://wxpay/bizpayurl?pr=Abc1234XYZ"

    @Test func encodesAtLevelMWithSmallestVersion() throws {
        let matrix = try QRMatrix.encode(Self.codeURL)
        // 38 bytes in 8-bit mode at level M need version 3 (29 × 29).
        #expect(matrix.width == 29)
        // Finder pattern: the top-left 7 × 7 has a dark ring.
        #expect(matrix.isDark(row: 0, column: 0) && matrix.isDark(row: 6, column: 6))
        #expect(!matrix.isDark(row: 1, column: 1))
    }

    @Test func rejectsEmptyText() {
        #expect(throws: QRError.emptyText) { try QRMatrix.encode("") }
    }

    @Test func halfBlocksMatchQrencodeUTF8Layout() throws {
        let matrix = try QRMatrix.encode(Self.codeURL)
        let rows = QRRenderer.rows(matrix, style: .halfBlocks)
        let size = QRRenderer.requiredSize(for: matrix, style: .halfBlocks)
        #expect(rows.count == size.rows && size.rows == 19)
        #expect(rows.allSatisfy { $0.count == size.columns && size.columns == 37 })
        // Quiet zone: two full rows of light blocks, then four light columns.
        #expect(rows[0] == String(repeating: "█", count: 37))
        #expect(rows[2].hasPrefix("████") && rows[2].hasSuffix("████"))
        // Row 2 holds module rows 0 and 1 of the code: the finder's dark top edge over its light ring.
        #expect(Array(rows[2])[4] == " " || Array(rows[2])[4] == "▄")
    }

    @Test func wideStyleUsesOnlySpacesWithBackgrounds() throws {
        let matrix = try QRMatrix.encode(Self.codeURL)
        let lines = QRRenderer.lines(matrix, style: .wide)
        let size = QRRenderer.requiredSize(for: matrix, style: .wide)
        #expect(lines.count == size.rows && size.rows == 37)
        for line in lines {
            #expect(line.reduce(0) { $0 + $1.text.count } == size.columns)
            #expect(line.allSatisfy { $0.text.allSatisfy { $0 == " " } })
        }
        #expect(lines[0].count == 1 && lines[0][0].lightBackground)
    }

    @Test(.enabled(if: ScreenImage.zbarimgPath != nil, "zbarimg (zbar-tools) is not installed"))
    func halfBlockRenderingDecodesWithZbarimg() throws {
        let rows = QRRenderer.rows(try QRMatrix.encode(Self.codeURL), style: .halfBlocks)
        let image = ScreenImage.pgm(ScreenImage.cells(fromTextRows: rows))
        #expect(try ScreenImage.decode(image) == Self.codeURL)
    }

    @Test(.enabled(if: ScreenImage.zbarimgPath != nil, "zbarimg (zbar-tools) is not installed"))
    func wideRenderingDecodesWithZbarimg() throws {
        let lines = QRRenderer.lines(try QRMatrix.encode(Self.codeURL), style: .wide)
        let image = ScreenImage.pgm(ScreenImage.cells(fromRuns: lines))
        #expect(try ScreenImage.decode(image) == Self.codeURL)
    }

    @Test(.enabled(if: ScreenImage.zbarimgPath != nil, "zbarimg (zbar-tools) is not installed"))
    func surfaceDrawnCodeDecodesFromScreenLines() throws {
        let matrix = try QRMatrix.encode(Self.codeURL)
        var surface = Surface(size: TerminalSize(columns: 60, rows: 24))
        #expect(QRRenderer.draw(matrix, style: .halfBlocks, into: &surface, at: CellPoint(row: 2, column: 5)))
        #expect(surface[2, 5].role == .qr)
        let captured = surface.lines().dropFirst(2).prefix(19).map { String($0.dropFirst(5).prefix(37)) }
        #expect(try ScreenImage.decode(ScreenImage.pgm(ScreenImage.cells(fromTextRows: captured))) == Self.codeURL)
    }

    @Test func refusesToDrawWhenTheAreaIsTooSmall() throws {
        let matrix = try QRMatrix.encode(Self.codeURL)
        var surface = Surface(size: TerminalSize(columns: 30, rows: 10))
        #expect(!QRRenderer.draw(matrix, style: .halfBlocks, into: &surface, at: CellPoint(row: 0, column: 0)))
        #expect(surface.lines().allSatisfy { $0.allSatisfy { $0 == " " } })
    }
}
