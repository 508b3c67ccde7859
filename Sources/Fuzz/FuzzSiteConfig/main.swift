import FuzzSupport
import SiteGen
import Templates

// `site.yml` and Markdown front matter are the build's hand-written inputs; `sitegen check` and
// `sitegen preview` read them on every save, so a mistake must come back as diagnostics with a
// position in the file, never as a crash. Each input is read both ways.

@_cdecl("FuzzSiteConfig_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    startFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lineCount = lines(in: text)

    do throws(BuildFailure) {
        let (config, problems) = try SiteConfigParser.parseCollecting(siteID: "fuzz", file: "site.yml", text: text)
        check(config != nil || !problems.isEmpty, "no config and no reason why")
        checkPositions(problems, file: "site.yml", lines: lineCount)
    } catch {
        check(!error.diagnostics.isEmpty, "a failure without diagnostics")
        checkPositions(error.diagnostics, file: "site.yml", lines: lineCount)
    }

    do throws(BuildFailure) {
        let page = try FrontMatter.split(text, file: "page.md")
        // Without an opening fence the whole text is the body; with one, the body starts after
        // the closing fence, which is a line of the text.
        let withoutMark = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if page.bodyLine == 1 {
            check(page.values.isEmpty, "values without front matter")
            check(page.body == withoutMark, "body is not the text")
        } else {
            check(page.bodyLine >= 3 && page.bodyLine <= lineCount + 1, "body line \(page.bodyLine) of \(lineCount)")
        }
        // (CRLF line ends come back as LF, so such a text is only checked above.)
        check(
            withoutMark.hasSuffix(page.body) || page.body.isEmpty || withoutMark.utf8.contains(13),
            "body is not the end")
    } catch {
        check(!error.diagnostics.isEmpty, "a failure without diagnostics")
        checkPositions(error.diagnostics, file: "page.md", lines: lineCount)
    }
    return 0
}

/// Lines as YAML counts them: CR LF, CR, LF, NEL, LS and PS each end one (libyaml's breaks).
private func lines(in text: String) -> Int {
    var count = 1
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": if previous != "\r" { count += 1 }
        case "\r", "\u{85}", "\u{2028}", "\u{2029}": count += 1
        default: break
        }
        previous = scalar
    }
    return count
}

/// Every diagnostic points into the file that was read, at a line it has (the line after the last
/// for "ended too early"), with a positive column.
private func checkPositions(_ diagnostics: [Diagnostic], file: String, lines: Int) {
    for diagnostic in diagnostics {
        let location = diagnostic.location
        check(location.file == file, "diagnostic in \(location.file): \(diagnostic)")
        check(location.line >= 1 && location.line <= lines + 1, "line out of range (\(lines) lines): \(diagnostic)")
        check(location.column >= 1, "column out of range: \(diagnostic)")
        check(!diagnostic.message.isEmpty, "diagnostic without a message")
    }
}
