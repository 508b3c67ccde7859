/// Findings collected by the rules: the same mistake reached through several pages or variants
/// is reported once, and the output is ordered by file and position like a compiler's.
struct DiagnosticList {
    private(set) var items: [Diagnostic] = []
    private var seen: Set<Diagnostic> = []

    mutating func add(_ diagnostic: Diagnostic) {
        if seen.insert(diagnostic).inserted { items.append(diagnostic) }
    }

    mutating func add(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { add(diagnostic) }
    }

    var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            let x = a.element.location, y = b.element.location
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}
