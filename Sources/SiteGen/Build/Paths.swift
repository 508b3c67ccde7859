import Foundation

/// File-system chores of a build: finding sites, the staging folder, reusing unchanged output,
/// and the final swap.
struct Paths {
    let options: BuildOptions
    private let fileManager = FileManager.default
    private let workingDirectory = FileManager.default.currentDirectoryPath

    /// Paths in messages are relative to where the user ran the command.
    func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        if path.hasPrefix(workingDirectory + "/") {
            return String(path.dropFirst(workingDirectory.count + 1))
        }
        return path
    }

    /// The project's sites, and findings about the other folders under sites/. One bad folder
    /// must not hide the rest: a misnamed site is an error, reported beside every other site's
    /// findings; a folder without site.yml is not a site at all (notes, drafts, an empty folder
    /// made by mistake), so it is only a warning, as Hugo ignores folders it has no use for.
    func siteFolders() throws(BuildFailure) -> SiteFolders {
        let shown = display(options.sites)
        guard let names = try? fileManager.contentsOfDirectory(atPath: options.sites.path) else {
            throw BuildFailure(Diagnostic(file: shown, "no sites folder (expected \(shown)/<site>/site.yml)"))
        }
        var found = SiteFolders()
        for name in names.sorted() where !name.hasPrefix(".") {
            let folder = options.sites.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { continue }
            guard fileManager.fileExists(atPath: folder.appendingPathComponent("site.yml").path)
            else {
                found.findings.append(notASite(folder, shown: "\(shown)/\(name)"))
                continue
            }
            guard isSafeID(name) else {
                found.findings.append(
                    Diagnostic(
                        file: "\(shown)/\(name)",
                        "site folder names become URLs: use lowercase letters, digits and '-' (at most 40)"))
                continue
            }
            guard !reservedSiteIDs.contains(name) else {
                found.findings.append(
                    Diagnostic(
                        file: "\(shown)/\(name)",
                        "'\(name)' is a path the server answers itself: rename the site folder"))
                continue
            }
            found.ids.append(name)
        }
        if found.ids.isEmpty && !found.findings.contains(where: { $0.severity == .error }) {
            found.findings.append(
                Diagnostic(file: shown, "no sites: create \(shown)/<site>/site.yml (or run `sitegen new site NAME`)"))
        }
        return found
    }

    /// A folder without site.yml: skipped with a warning, unless its config is only misspelt.
    private func notASite(_ folder: URL, shown: String) -> Diagnostic {
        let names = (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? []
        if let misspelt = names.sorted().first(where: { ["site.yml", "site.yaml"].contains($0.lowercased()) }) {
            return Diagnostic(file: "\(shown)/\(misspelt)", "the site's settings must be named site.yml")
        }
        return Diagnostic(.warning, file: shown, "not a site (no site.yml): skipped")
    }

    /// A fresh folder beside the output, on the same file system so the swap is a rename.
    func makeStaging() throws(BuildFailure) -> URL {
        let output = options.output.standardizedFileURL
        let parent = output.deletingLastPathComponent()
        let base = "." + output.lastPathComponent + ".staging-"
        // Leftovers of builds that were killed.
        for name in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(base) {
            try? fileManager.removeItem(at: parent.appendingPathComponent(name))
        }
        let staging = parent.appendingPathComponent(base + String(ProcessInfo.processInfo.processIdentifier))
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw BuildFailure(
                Diagnostic(file: display(parent), "cannot create a staging folder: \(error.localizedDescription)"))
        }
        return staging
    }

    /// Hard-links an unchanged site's previous output into the staging folder: no bytes copied.
    func reuse(site: String, from output: URL, to staging: URL) throws(BuildFailure) {
        let source = output.appendingPathComponent(site)
        let target = staging.appendingPathComponent(site)
        guard let enumerator = fileManager.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey])
        else { throw BuildFailure(Diagnostic(file: display(source), "previous output is missing")) }
        do {
            try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
            for case let url as URL in enumerator {
                let relative = String(url.standardizedFileURL.path.dropFirst(source.standardizedFileURL.path.count + 1))
                let destination = target.appendingPathComponent(relative)
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                    try fileManager.createDirectory(at: destination, withIntermediateDirectories: true)
                } else if link(url.path, destination.path) != 0 {
                    try fileManager.copyItem(at: url, to: destination)
                }
            }
        } catch {
            throw BuildFailure(
                Diagnostic(file: display(source), "cannot reuse previous output: \(error.localizedDescription)"))
        }
    }

    /// Replaces the output folder with the staging folder. Refuses to replace a folder that is
    /// not a previous build, so a mistyped `--out` cannot delete someone's files.
    func swap(_ staging: URL, into output: URL) throws(BuildFailure) {
        let shown = display(output)
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory)
        if exists {
            let contents = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
            let isPreviousBuild = contents.contains(Manifest.fileName)
            guard isDirectory.boolValue, isPreviousBuild || contents.isEmpty else {
                throw BuildFailure(
                    Diagnostic(
                        file: shown,
                        "refusing to replace \(shown): it is not a sitegen output folder (no manifest.json)"))
            }
            let retired = staging.deletingLastPathComponent().appendingPathComponent(
                "." + output.lastPathComponent + ".retired-" + String(ProcessInfo.processInfo.processIdentifier))
            try? fileManager.removeItem(at: retired)
            guard rename(output.path, retired.path) == 0 else {
                throw BuildFailure(Diagnostic(file: shown, "cannot move the previous output aside"))
            }
            guard rename(staging.path, output.path) == 0 else {
                _ = rename(retired.path, output.path)
                throw BuildFailure(Diagnostic(file: shown, "cannot move the new output into place"))
            }
            try? fileManager.removeItem(at: retired)
        } else {
            try? fileManager.createDirectory(
                at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard rename(staging.path, output.path) == 0 else {
                throw BuildFailure(Diagnostic(file: shown, "cannot move the new output into place"))
            }
        }
    }
}
