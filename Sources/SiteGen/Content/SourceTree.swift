import Foundation
import Templates

/// A file read from a site or template folder.
struct SourceFile: Sendable {
    /// Path below the folder, with `/` separators: `menu.md`, `assets/css/site.css`.
    var path: String
    /// Path as errors show it: `sites/luna/menu.md`.
    var displayPath: String
    var bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Reads every file below a folder, refusing anything that leads outside it.
enum SourceTree {
    static func read(_ root: URL, display: String) throws(BuildFailure) -> [SourceFile] {
        let fileManager = FileManager.default
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard
            let enumerator = fileManager.enumerator(
                at: root, includingPropertiesForKeys: [.isSymbolicLinkKey, .isDirectoryKey],
                options: [.skipsHiddenFiles])
        else {
            throw BuildFailure(Diagnostic(file: display, "cannot read folder"))
        }
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        for case let url as URL in enumerator {
            let relative = relativePath(of: url, under: root)
            let shown = display + "/" + relative
            let values = try? url.resourceValues(forKeys: [.isSymbolicLinkKey, .isDirectoryKey])
            if relative.hasSuffix("~") { continue }
            if values?.isSymbolicLink == true {
                let target = url.resolvingSymlinksInPath().path
                if !(target == rootPath || target.hasPrefix(rootPath + "/")) {
                    problems.append(Diagnostic(file: shown, "symbolic link points outside \(display): \(target)"))
                    continue
                }
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: target, isDirectory: &isDirectory),
                    isDirectory.boolValue
                {
                    // Linked folders inside the tree are read where they really are.
                    continue
                }
            } else if values?.isDirectory == true {
                continue
            }
            guard let data = fileManager.contents(atPath: url.path) else {
                problems.append(Diagnostic(file: shown, "cannot read file"))
                continue
            }
            files.append(SourceFile(path: relative, displayPath: shown, bytes: [UInt8](data)))
        }
        if !problems.isEmpty { throw BuildFailure(problems) }
        return files.sorted { $0.path < $1.path }
    }

    private static func relativePath(of url: URL, under root: URL) -> String {
        let base = root.standardizedFileURL.path
        let full = url.standardizedFileURL.path
        guard full.hasPrefix(base) else { return url.lastPathComponent }
        return String(full.dropFirst(base.count).drop(while: { $0 == "/" }))
    }
}
