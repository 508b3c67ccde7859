import Foundation
import Runtime
import SiteGen

/// The JSON the injected script reads from the event stream.
struct PreviewMessage: Encodable {
    struct Problem: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
    }

    /// The generation being served; a tab showing another one reloads.
    var build: Int
    /// Empty unless the last build failed; then the overlay lists them.
    var problems: [Problem]

    init(build: Int, problems: [Diagnostic]) {
        self.build = build
        self.problems = problems.map {
            Problem(
                file: $0.location.file, line: $0.location.line, column: $0.location.column,
                severity: $0.severity.rawValue, message: $0.message)
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain strings and integers: encoding cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{\"build\":\(build),\"problems\":[]}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
