import Foundation
import TestKit
import XCTest

/// A small project in a temp folder: one site with two page variants and a redirect variant,
/// two pages, one template. Each variant writes its id into the page, so tests (and the
/// browser test) can tell which variant they were served.
struct PreviewFixture {
    let root: URL
    var sites: URL { root.appendingPathComponent("sites") }
    var templates: URL { root.appendingPathComponent("templates") }
    var output: URL { root.appendingPathComponent(".sitegen/preview/dist") }
    var indexPage: URL { sites.appendingPathComponent("demo/index.md") }
    var pageTemplate: URL { templates.appendingPathComponent("plain/page.mustache") }

    static let siteYAML = """
        title: Demo Café
        base_url: https://qr.example.com
        template: plain
        timezone: Europe/Paris
        variants:
          - id: calm
            params: { headline: "Quiet mornings at the Demo Café" }
          - id: lively
            params: { headline: "Live music every night" }
          - id: away
            redirect: https://shop.example.com/demo
        personalize:
          policy: lints
          features: [device, hour]
        """

    static let template = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{page.title}} · {{site.title}}</title></head>
        <body>
        <h1 id="headline" data-variant="{{variant.id}}">{{headline}}</h1>
        <main id="content">{{{page.content}}}</main>
        <a id="cta" href="#" style="position:fixed;left:0;right:0;bottom:0;padding:12px">Book now</a>
        </body></html>
        """

    static let index = """
        ---
        title: Welcome
        ---
        Fresh croissants from seven.

        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-preview-\(UUID().uuidString)")
        try write("sites/demo/site.yml", Self.siteYAML)
        try write("sites/demo/index.md", Self.index)
        try write("sites/demo/about.md", "---\ntitle: About\n---\nA small café by the river.\n")
        try write("templates/plain/page.mustache", Self.template)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Atomic, so the watcher never sees half a file (the preview copes, but tests want one rebuild).
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Every file below the project whose name ends with `suffix`.
    func files(endingWith suffix: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }
    }
}

/// Reads a Server-Sent Events stream over a raw socket (the test clients buffer whole bodies,
/// which an event stream never ends).
final class EventStreamReader {
    private let socket: LoopbackSocket
    private var buffer = ""

    init(port: Int, path: String = "/_sitegen/events") throws {
        // A short receive timeout: `next` loops until its own deadline.
        socket = try LoopbackSocket(port: port, timeoutSeconds: 1)
        try socket.send(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8))
    }

    /// The data of the next event called `name` (earlier events are skipped), or nil when none
    /// arrives within `seconds` — a generous bound so a slow machine only fails a broken server.
    func next(_ name: String, within seconds: Double = 60) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let data = take(name) { return data }
            if Date() > deadline { return nil }
            guard let chunk = try? socket.receive() else { continue }
            if chunk.isEmpty { return nil }
            buffer += String(decoding: chunk, as: UTF8.self)
        }
    }

    /// Removes events up to and including the first `name` one from the buffer.
    private func take(_ name: String) -> String? {
        guard let start = buffer.range(of: "event: \(name)\n") else { return nil }
        let rest = buffer[start.upperBound...]
        guard let end = rest.range(of: "\n\n") else { return nil }
        let data = rest[..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix("data: ") }
            .map { $0.dropFirst(6) }.joined(separator: "\n")
        buffer = String(rest[end.upperBound...])
        return data
    }
}
