@testable import Runtime

extension RuntimeMetrics {
    /// An unlabelled counter's value as `/metrics` shows it; nil when it is not there.
    func shown(_ name: String) -> Int? {
        registry.emitToString().split(separator: "\n").lazy
            .compactMap { line in line.hasPrefix(name + " ") ? Int(line.dropFirst(name.count + 1)) : nil }
            .first
    }
}
