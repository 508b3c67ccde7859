/// The PDF a print shop gets for one site: one page per placement, the code at its printed size
/// in a trim box with crop marks, and a caption below the marks (placement, size, the exact URL)
/// so nobody has to guess which code goes on which table tent.
///
/// Written by hand: a page is a few rectangles and two lines of text in a standard font, which
/// needs no library. Colours are DeviceRGB as configured; converting to the press's CMYK profile
/// is left to the print shop's RIP (docs/authoring.md says so).
enum QRPrintSheet {
    struct Entry: Sendable {
        var code: QRCode
        var placement: String
        var url: String
    }

    /// Page geometry in millimetres: the code's trim box sits `sideMargin` from the left, right
    /// and top edges and `bottomMargin` from the bottom, which holds the crop marks and caption.
    static let sideMargin = 10.0
    static let bottomMargin = 24.0
    /// Crop marks start this far outside the trim box (so they are never printed on the piece)
    /// and are this long.
    static let markOffset = 3.0
    static let markLength = 5.0
    /// Caption baselines above the page's bottom edge, and font sizes in points. The URL shrinks
    /// to fit the page down to `minimumURLFontSize`; below that the page grows wider instead.
    static let placementBaseline = 11.0
    static let urlBaseline = 6.0
    static let placementFontSize = 8.0
    static let urlFontSize = 6.0
    static let minimumURLFontSize = 4.0
    static let captionPadding = 4.0

    /// Page width and height in points for a code `sizeMM` wide whose caption URL is `url`.
    static func pageSize(sizeMM: Double, url: String) -> (width: Double, height: Double) {
        let width = points(sizeMM + 2 * sideMargin)
        let urlWidth = HelveticaMetrics.width(of: PDFWriter.winAnsi(url), fontSize: minimumURLFontSize)
        return (max(width, urlWidth + points(2 * captionPadding)), points(sizeMM + sideMargin + bottomMargin))
    }

    static func points(_ mm: Double) -> Double { mm / 25.4 * 72 }

    static func pdf(_ entries: [Entry], options: QRCodeOptions, sizeMM: Double, title: String) throws(QRError)
        -> [UInt8]
    {
        try options.validate()
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let pages = writer.reserve()
        let info = writer.reserve()
        let font = writer.reserve()
        // WinAnsiEncoding so that Latin-1 letters in a caption show as themselves.
        writer.add(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        var logoObject: Int?
        if let logo = options.logo {
            logoObject = try addImage(logo.image, to: &writer)
        }
        var kids: [Int] = []
        for entry in entries {
            let page = writer.reserve()
            let contents = writer.reserve()
            let size = pageSize(sizeMM: sizeMM, url: entry.url)
            let trim = (
                left: (size.width - points(sizeMM)) / 2, bottom: points(bottomMargin), side: points(sizeMM)
            )
            let drawing = content(entry, options: options, sizeMM: sizeMM, page: size, trim: trim)
            writer.add(contents, "<< /Filter /FlateDecode >>", stream: try Zlib.compress(Array(drawing.utf8)))
            let box = [trim.left, trim.bottom, trim.left + trim.side, trim.bottom + trim.side].map(number)
                .joined(separator: " ")
            let images = logoObject.map { " /XObject << /Logo \($0) 0 R >>" } ?? ""
            writer.add(
                page,
                "<< /Type /Page /Parent \(pages) 0 R /MediaBox [0 0 \(number(size.width)) \(number(size.height))] "
                    + "/TrimBox [\(box)] /BleedBox [\(box)] "
                    + "/Resources << /Font << /F1 \(font) 0 R >>\(images) >> /Contents \(contents) 0 R >>")
            kids.append(page)
        }
        writer.add(
            pages,
            "<< /Type /Pages /Kids [\(kids.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(kids.count) >>")
        writer.add(catalog, "<< /Type /Catalog /Pages \(pages) 0 R >>")
        // No creation date: the same site builds to the same bytes.
        writer.add(info, "<< /Title \(PDFWriter.literal(title)) /Producer (sitegen) >>")
        return writer.finished(root: catalog, info: info)
    }

    /// One page's drawing operators.
    private static func content(
        _ entry: Entry, options: QRCodeOptions, sizeMM: Double, page: (width: Double, height: Double),
        trim: (left: Double, bottom: Double, side: Double)
    ) -> String {
        let code = entry.code
        let total = code.totalWidth(quietZone: options.quietZone)
        let module = trim.side / Double(total)
        let top = trim.bottom + trim.side
        var ops = "q \(colour(options.background)) rg \(number(trim.left)) \(number(trim.bottom)) "
        ops += "\(number(trim.side)) \(number(trim.side)) re f\n"
        // One unit per module, y pointing down from the trim box's top-left corner, so that every
        // run is a rectangle with whole-number coordinates; all runs are one path and one fill,
        // which leaves no seams between rows.
        ops += "\(colour(options.foreground)) rg \(number(module, 6)) 0 0 \(number(-module, 6)) "
        ops += "\(number(trim.left)) \(number(top)) cm\n"
        let cleared = QRLogoArea(symbolWidth: code.width, relativeSize: options.logo?.relativeSize ?? 0)
        for run in code.darkRuns(excluding: cleared) {
            ops += "\(run.x + options.quietZone) \(run.y + options.quietZone) \(run.length) 1 re\n"
        }
        ops += "f Q\n"
        if let logo = options.logo {
            let box = logo.relativeSize * Double(code.width) * module
            let ratio = Double(logo.image.height) / Double(logo.image.width)
            let width = ratio <= 1 ? box : box / ratio
            let height = ratio <= 1 ? box * ratio : box
            let centreX = trim.left + trim.side / 2, centreY = trim.bottom + trim.side / 2
            ops += "q \(number(width)) 0 0 \(number(height)) \(number(centreX - width / 2)) "
            ops += "\(number(centreY - height / 2)) cm /Logo Do Q\n"
        }
        // Crop marks: two short hairlines at each corner, in line with the trim edges.
        ops += "q 0 G 0.25 w\n"
        let offset = points(markOffset), length = points(markLength)
        for x in [trim.left, trim.left + trim.side] {
            for y in [trim.bottom, top] {
                let outX = x == trim.left ? -1.0 : 1.0, outY = y == trim.bottom ? -1.0 : 1.0
                ops += "\(number(x + outX * offset)) \(number(y)) m \(number(x + outX * (offset + length))) "
                ops += "\(number(y)) l S\n"
                ops += "\(number(x)) \(number(y + outY * offset)) m \(number(x)) "
                ops += "\(number(y + outY * (offset + length))) l S\n"
            }
        }
        ops += "Q\n"
        let label = "\(entry.placement) \u{b7} \(DecimalText.format(sizeMM, decimals: 2)) mm"
        ops += caption(label, fontSize: placementFontSize, baseline: points(placementBaseline), pageWidth: page.width)
        let available = page.width - points(2 * captionPadding)
        let urlWidth = HelveticaMetrics.width(of: PDFWriter.winAnsi(entry.url), fontSize: 1)
        let urlSize = min(urlFontSize, max(minimumURLFontSize, (available / urlWidth * 100).rounded(.down) / 100))
        ops += caption(entry.url, fontSize: urlSize, baseline: points(urlBaseline), pageWidth: page.width)
        return ops
    }

    private static func caption(_ text: String, fontSize: Double, baseline: Double, pageWidth: Double) -> String {
        let width = HelveticaMetrics.width(of: PDFWriter.winAnsi(text), fontSize: fontSize)
        let x = max((pageWidth - width) / 2, 0)
        return
            "BT /F1 \(number(fontSize)) Tf 0 g \(number(x)) \(number(baseline)) Td \(PDFWriter.literal(text)) Tj ET\n"
    }

    /// An image XObject with its alpha as a soft mask (omitted when opaque); returns its number.
    private static func addImage(_ image: QRImage, to writer: inout PDFWriter) throws(QRError) -> Int {
        let object = writer.reserve()
        var mask = ""
        if !image.isOpaque {
            let maskObject = writer.reserve()
            writer.add(
                maskObject,
                "<< /Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) "
                    + "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>",
                stream: try Zlib.compress(image.alpha))
            mask = " /SMask \(maskObject) 0 R"
        }
        writer.add(
            object,
            "<< /Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) "
                + "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode\(mask) >>",
            stream: try Zlib.compress(image.rgb))
        return object
    }

    private static func colour(_ colour: QRColor) -> String {
        [colour.red, colour.green, colour.blue].map { number(Double($0) / 255, 4) }.joined(separator: " ")
    }

    private static func number(_ value: Double) -> String { DecimalText.format(value, decimals: 3) }
    private static func number(_ value: Double, _ decimals: Int) -> String {
        DecimalText.format(value, decimals: decimals)
    }
}
