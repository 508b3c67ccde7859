import Foundation

extension QRCode {
    /// A standalone SVG: a background rectangle and one `<path>` holding every dark module as
    /// horizontal runs (`M x y h n v1 h-n z`), drawn with crisp edges so no anti-aliased seams
    /// appear between modules. One unit is one module; width and height default to the PNG's size.
    /// `stroke="none"` is spelled out because ImageMagick's built-in SVG renderer (what zbarimg and
    /// many print pipelines use) otherwise outlines every run and fills the gaps between modules.
    package func svg(options: QRCodeOptions) throws(QRError) -> String {
        try options.validate()
        let pixels = totalWidth(quietZone: options.quietZone) * options.scale
        return document(options: options, width: "\(pixels)", height: "\(pixels)")
    }

    /// The same drawing sized for print: `width="30mm"`, so a layout program or print shop
    /// places it at `size_mm` without being told, while the viewBox stays in modules.
    func printSVG(options: QRCodeOptions, sizeMM: Double) throws(QRError) -> String {
        try options.validate()
        let size = DecimalText.format(sizeMM, decimals: 3) + "mm"
        return document(options: options, width: size, height: size)
    }

    private func document(options: QRCodeOptions, width outerWidth: String, height outerHeight: String) -> String {
        let side = totalWidth(quietZone: options.quietZone)
        let cleared = QRLogoArea(symbolWidth: width, relativeSize: options.logo?.relativeSize ?? 0)
        var path = ""
        path.reserveCapacity(width * width * 3)
        for run in darkRuns(excluding: cleared) {
            path += "M\(run.x + options.quietZone) \(run.y + options.quietZone)h\(run.length)v1h-\(run.length)z"
        }
        var namespaces = "xmlns=\"http://www.w3.org/2000/svg\""
        var image = ""
        if let logo = options.logo {
            // xlink:href rather than SVG 2's plain href: older renderers (ImageMagick's, some
            // RIPs) only know the former, and every current one still reads it.
            namespaces += " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
            let size = DecimalText.format(logo.relativeSize * Double(width), decimals: 4)
            let origin = DecimalText.format(
                Double(options.quietZone) + (1 - logo.relativeSize) * Double(width) / 2, decimals: 4)
            image =
                "<image x=\"\(origin)\" y=\"\(origin)\" width=\"\(size)\" height=\"\(size)\" "
                + "preserveAspectRatio=\"xMidYMid meet\" "
                + "xlink:href=\"data:image/png;base64,\(Data(logo.png).base64EncodedString())\"/>"
        }
        return """
            <svg \(namespaces) viewBox="0 0 \(side) \(side)" width="\(outerWidth)" \
            height="\(outerHeight)" shape-rendering="crispEdges">\
            <rect stroke="none" width="\(side)" height="\(side)" fill="\(options.background.hex)"/>\
            <path stroke="none" fill="\(options.foreground.hex)" d="\(path)"/>\(image)</svg>

            """
    }

    /// A data module under the logo, drawn as background. Function modules stay.
    func isHidden(x: Int, y: Int, by cleared: QRLogoArea) -> Bool {
        cleared.contains(x: x, y: y) && !isFunction(x: x, y: y)
    }

    /// Runs of dark modules per row, left to right, top to bottom, in symbol coordinates: what
    /// the SVG path and the PDF rectangles draw, so one rectangle per run instead of per module.
    func darkRuns(excluding cleared: QRLogoArea) -> [(x: Int, y: Int, length: Int)] {
        var runs: [(x: Int, y: Int, length: Int)] = []
        for y in 0..<width {
            var x = 0
            while x < width {
                guard isDark(x: x, y: y), !isHidden(x: x, y: y, by: cleared) else {
                    x += 1
                    continue
                }
                let start = x
                while x < width, isDark(x: x, y: y), !isHidden(x: x, y: y, by: cleared) { x += 1 }
                runs.append((start, y, x - start))
            }
        }
        return runs
    }
}
