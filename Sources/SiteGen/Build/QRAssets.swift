import DistFormat
import Foundation

/// The QR codes of one site: one per placement, encoding `base_url/<site>/?src=qr&p=<placement>`
/// (`&v=<variant>` when pinned), drawn as SVG and PNG for screens, and for print as an SVG sized
/// in millimetres, a PNG stating its resolution and one PDF with a page per placement.
enum QRAssets {
    struct Rendered: Sendable {
        var manifest: QRManifest
        /// The symbol as drawn: its version may be raised by `qr.version` or `uniform_version`.
        var code: QRCode
        var svg: [UInt8]
        var png: [UInt8]
    }

    /// A file for the print shop, below `<site>/qr/print/`.
    struct PrintFile: Sendable {
        /// Below the output root: `luna/qr/print/table-tent.svg`.
        var file: String
        /// Below the site's URL prefix: `qr/print/table-tent.svg`.
        var urlPath: String
        var bytes: [UInt8]
    }

    struct Output: Sendable {
        var codes: [Rendered]
        var printFiles: [PrintFile]
    }

    /// Below the site's URL prefix: where the print files go, so links to them are not dead.
    static func printPaths(_ config: SiteConfig) -> [String] {
        config.qr.placements.flatMap { ["qr/print/\($0.id).svg", "qr/print/\($0.id).png"] } + [sheetPath(config)]
    }

    static func sheetPath(_ config: SiteConfig) -> String { "qr/print/\(config.id)-qr.pdf" }

    static func url(for placement: QRSettings.Placement, config: SiteConfig) -> String {
        var url = config.siteURL + "?src=qr&p=" + placement.id
        if let variant = placement.variant { url += "&v=" + variant }
        return url
    }

    /// What templates and the manifest know of a placement's code; `modules` once it is drawn.
    static func manifest(for placement: QRSettings.Placement, config: SiteConfig, modules: Int) -> QRManifest {
        QRManifest(
            placement: placement.id, variant: placement.variant, url: url(for: placement, config: config),
            svg: "\(config.id)/qr/\(placement.id).svg", png: "\(config.id)/qr/\(placement.id).png",
            modules: modules)
    }

    static func options(_ config: SiteConfig) throws(BuildFailure) -> QRCodeOptions {
        let qr = config.qr
        do {
            let options = QRCodeOptions(
                errorCorrection: try QRErrorCorrection(parsing: qr.errorCorrection),
                quietZone: qr.quietZone,
                foreground: try color(qr.foreground, key: "foreground", config: config),
                background: try color(qr.background, key: "background", config: config),
                scale: qr.scale, force: qr.force)
            try options.validate()
            return withVersion(options, config: config)
        } catch let error as BuildFailure {
            throw error
        } catch {
            let key: String
            switch error as? QRError {
            case .lowContrast?, .lightOnDark?: key = "qr.foreground"
            case .quietZoneTooSmall?: key = "qr.quiet_zone"
            case .scaleOutOfRange?: key = "qr.scale"
            default: key = "qr.error_correction"
            }
            throw BuildFailure(Diagnostic(at: config.location(key), "\(error)"))
        }
    }

    private static func color(_ text: String, key: String, config: SiteConfig) throws(BuildFailure)
        -> QRColor
    {
        do {
            return try QRColor(parsing: text)
        } catch {
            throw BuildFailure(Diagnostic(at: config.location("qr.\(key)"), "qr.\(key): \(error)"))
        }
    }

    /// `qr.version`, raised with `uniform_version` to the largest version any placement needs.
    /// A URL too long to encode is left to `render`, which reports it at its placement.
    private static func withVersion(_ options: QRCodeOptions, config: SiteConfig) -> QRCodeOptions {
        var options = options
        options.minimumVersion = config.qr.version
        if config.qr.uniformVersion {
            let versions = config.qr.placements.compactMap { placement in
                try? QRCode(encoding: url(for: placement, config: config), options: options).version
            }
            options.minimumVersion = max(options.minimumVersion, versions.max() ?? 0)
        }
        return options
    }

    static func render(_ source: SiteSource) throws(BuildFailure) -> Output {
        let config = source.config
        var options = try options(config)
        options.logo = try logo(source)
        var rendered: [Rendered] = []
        var printFiles: [PrintFile] = []
        for placement in config.qr.placements {
            let url = url(for: placement, config: config)
            let code: QRCode
            let svg: [UInt8]
            let png: [UInt8]
            do {
                code = try QRCode(encoding: url, options: options)
                svg = Array(try code.svg(options: options).utf8)
                png = try code.png(options: options)
            } catch {
                let at =
                    config.locations["qr.placements.\(placement.id)"] ?? config.location("base_url")
                throw BuildFailure(Diagnostic(at: at, "QR code for placement '\(placement.id)': \(error)"))
            }
            try checkLogo(code, placement: placement.id, config: config)
            printFiles += try placementPrintFiles(code, placement: placement.id, options: options, config: config)
            rendered.append(
                Rendered(
                    manifest: manifest(for: placement, config: config, modules: code.width), code: code, svg: svg,
                    png: png))
        }
        let entries = rendered.map {
            QRPrintSheet.Entry(code: $0.code, placement: $0.manifest.placement, url: $0.manifest.url)
        }
        let sheet = sheetPath(config)
        do throws(QRError) {
            let pdf = try QRPrintSheet.pdf(
                entries, options: options, sizeMM: config.qr.sizeMM, title: "QR codes: \(config.title)")
            printFiles.append(PrintFile(file: "\(config.id)/\(sheet)", urlPath: sheet, bytes: pdf))
        } catch {
            throw printFailure(error, config: config)
        }
        return Output(codes: rendered, printFiles: printFiles)
    }

    /// The print SVG and PNG of one placement.
    private static func placementPrintFiles(
        _ code: QRCode, placement: String, options: QRCodeOptions, config: SiteConfig
    )
        throws(BuildFailure) -> [PrintFile]
    {
        let path = "qr/print/\(placement)"
        do throws(QRError) {
            let svg = Array(try code.printSVG(options: options, sizeMM: config.qr.sizeMM).utf8)
            let png = try code.printPNG(options: options, sizeMM: config.qr.sizeMM, dpi: config.qr.printDPI)
            return [
                PrintFile(file: "\(config.id)/\(path).svg", urlPath: "\(path).svg", bytes: svg),
                PrintFile(file: "\(config.id)/\(path).png", urlPath: "\(path).png", bytes: png),
            ]
        } catch {
            throw printFailure(error, config: config)
        }
    }

    /// What stops a print file is its size and resolution, so the error points at `qr.print_dpi`
    /// when it is set and at `qr.size_mm` otherwise.
    private static func printFailure(_ error: QRError, config: SiteConfig) -> BuildFailure {
        let at = config.locations["qr.print_dpi"] ?? config.location("qr.size_mm")
        return BuildFailure(Diagnostic(at: at, "QR print files: \(error)"))
    }

    /// `qr.logo`, looked up like any asset: the site's `assets/` first, then the template's.
    private static func logo(_ source: SiteSource) throws(BuildFailure) -> QRLogo? {
        let config = source.config
        guard let path = config.qr.logo else { return nil }
        let at = config.location("qr.logo")
        let key = "assets/" + path
        guard
            let file = source.siteFiles.first(where: { $0.path == key })
                ?? source.templateFiles.first(where: { $0.path == key })
        else {
            let known = Set((source.siteFiles + source.templateFiles).map(\.path).filter { $0.hasPrefix("assets/") })
                .map { String($0.dropFirst("assets/".count)) }.sorted()
            throw BuildFailure(
                Diagnostic(
                    at: at,
                    "qr.logo: no asset '\(path)' in the site's or the template's assets/\(didYouMean(path, in: known))")
            )
        }
        if path.lowercased().hasSuffix(".svg") {
            // Drawing an SVG into the PNG and the PDF would take an SVG renderer; a PNG export
            // is one command away and looks the same in all three files.
            throw BuildFailure(
                Diagnostic(
                    at: at,
                    "qr.logo: '\(path)' is an SVG, but the logo is also drawn into the print PNG and PDF, which needs "
                        + "pixels: export it as PNG (e.g. rsvg-convert -w 600 -o \(file.displayPath.dropLast(4)).png "
                        + "\(file.displayPath)) and set qr.logo to the .png"))
        }
        do {
            return try QRLogo(png: file.bytes, relativeSize: config.qr.logoSize)
        } catch {
            throw BuildFailure(Diagnostic(at: at, "qr.logo: \(file.displayPath): \(error)"))
        }
    }

    /// A logo printed over more modules than the error correction restores makes a code no phone
    /// reads: printing it is a mistake the build refuses, like low contrast.
    private static func checkLogo(_ code: QRCode, placement: String, config: SiteConfig) throws(BuildFailure) {
        guard config.qr.logoSize > 0 else { return }
        let coverage = code.logoCoverage(relativeSize: config.qr.logoSize)
        guard !coverage.fits else { return }
        func percent(_ fraction: Double) -> String { "\(Int((fraction * 100).rounded()))%" }
        throw BuildFailure(
            Diagnostic(
                at: config.locations["qr.logo_size"] ?? config.location("qr.logo"),
                "a logo \(percent(config.qr.logoSize)) wide covers \(percent(coverage.coveredFraction)) of QR code "
                    + "'\(placement)', but error correction \(code.errorCorrection.rawValue) restores at most "
                    + "\(percent(coverage.recoveryCapacity)), and a logo may hide only about half of that "
                    + "(phones cannot tell which modules it hides): use a smaller logo or a higher qr.error_correction"
            ))
    }
}
