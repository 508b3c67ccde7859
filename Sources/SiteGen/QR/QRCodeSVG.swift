extension QRCode {
    /// A standalone SVG: a background rectangle and one `<path>` holding every dark module as
    /// horizontal runs (`M x y h n v1 h-n z`), drawn with crisp edges so no anti-aliased seams
    /// appear between modules. One unit is one module; width and height default to the PNG's size.
    /// `stroke="none"` is spelled out because ImageMagick's built-in SVG renderer (what zbarimg and
    /// many print pipelines use) otherwise outlines every run and fills the gaps between modules.
    public func svg(options: QRCodeOptions) throws(QRError) -> String {
        try options.validate()
        let side = totalWidth(quietZone: options.quietZone)
        let pixels = side * options.scale
        var path = ""
        path.reserveCapacity(width * width * 3)
        for y in 0..<width {
            var x = 0
            while x < width {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < width, isDark(x: x, y: y) { x += 1 }
                let run = x - start
                path += "M\(start + options.quietZone) \(y + options.quietZone)h\(run)v1h-\(run)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" \
            height="\(pixels)" shape-rendering="crispEdges">\
            <rect stroke="none" width="\(side)" height="\(side)" fill="\(options.background.hex)"/>\
            <path stroke="none" fill="\(options.foreground.hex)" d="\(path)"/></svg>

            """
    }
}
