import DistFormat
import Foundation

/// File-system chores of a build: finding sites, the staging folder, reusing unchanged output,
/// and the final swap.
struct BuildFileSystem {
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

    /// `.dist.staging-` and `.dist.retired-`, for output `dist`: followed by the process id.
    private func leftoverPrefixes(of output: URL) -> (staging: String, retired: String) {
        let base = "." + output.standardizedFileURL.lastPathComponent
        return (base + ".staging-", base + ".retired-")
    }

    private func folder(_ prefix: String, pid: Int32, beside output: URL) -> URL {
        output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(prefix + String(pid))
    }

    /// Removes the staging and retired folders of builds that died (kill -9, a crash, power
    /// loss): a staging folder can hold hundreds of MB, and nothing else would ever delete it.
    /// Only our own names, ending in a process id, and only when that process is gone, so a
    /// build running beside this one keeps its folders. Returns a warning for each one that
    /// could not be removed.
    func removeLeftovers() -> [Diagnostic] {
        let parent = options.output.standardizedFileURL.deletingLastPathComponent()
        let prefixes = leftoverPrefixes(of: options.output)
        var warnings: [Diagnostic] = []
        for name in ((try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted() {
            guard let prefix = [prefixes.staging, prefixes.retired].first(where: name.hasPrefix),
                let pid = Int32(name.dropFirst(prefix.count)), pid > 0,
                String(pid) == name.dropFirst(prefix.count), !isRunning(pid)
            else { continue }
            let leftover = parent.appendingPathComponent(name)
            do {
                try fileManager.removeItem(at: leftover)
            } catch {
                warnings.append(
                    Diagnostic(
                        .warning, file: display(leftover),
                        "cannot remove the leftover of an interrupted build: \(error.localizedDescription)"))
            }
        }
        return warnings
    }

    /// `kill(pid, 0)` delivers nothing; it only asks whether the process exists. EPERM means it
    /// exists but belongs to someone else.
    private func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// A fresh folder beside the output, on the same file system so the swap is a rename.
    func makeStaging() throws(BuildFailure) -> URL {
        let parent = options.output.standardizedFileURL.deletingLastPathComponent()
        let staging = folder(
            leftoverPrefixes(of: options.output).staging, pid: ProcessInfo.processInfo.processIdentifier,
            beside: options.output)
        // An earlier build of this very process (or of a dead one that had our id) left it.
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw BuildFailure(
                Diagnostic(file: display(parent), "cannot create a staging folder: \(error.localizedDescription)"))
        }
        return staging
    }

    func write(_ state: BuildState, into staging: URL) throws(BuildFailure) {
        guard let data = state.encoded(),
            FileManager.default.createFile(
                atPath: staging.appendingPathComponent(BuildState.fileName).path, contents: data)
        else { throw BuildFailure(Diagnostic(file: BuildState.fileName, "cannot write the build state")) }
    }

    /// Refreshes the build state of an up-to-date output in place (written beside, then renamed).
    /// Losing it only costs the next build a read of every file, so a failure is not an error.
    func replaceState(_ state: BuildState, in output: URL) {
        let target = output.appendingPathComponent(BuildState.fileName)
        let temporary = output.appendingPathComponent(
            ".\(BuildState.fileName).\(ProcessInfo.processInfo.processIdentifier)")
        guard let data = state.encoded(), fileManager.createFile(atPath: temporary.path, contents: data) else {
            return
        }
        if rename(temporary.path, target.path) != 0 { try? fileManager.removeItem(at: temporary) }
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
    /// not a previous build, so a mistyped `--out` cannot delete someone's files. Returns a
    /// warning when the previous output, moved aside, cannot be deleted: the build succeeded,
    /// but the disk space is still taken.
    func swap(_ staging: URL, into output: URL) throws(BuildFailure) -> [Diagnostic] {
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
            let retired = folder(
                leftoverPrefixes(of: output).retired, pid: ProcessInfo.processInfo.processIdentifier, beside: output)
            try? fileManager.removeItem(at: retired)
            guard rename(output.path, retired.path) == 0 else {
                throw BuildFailure(Diagnostic(file: shown, "cannot move the previous output aside"))
            }
            guard rename(staging.path, output.path) == 0 else {
                _ = rename(retired.path, output.path)
                throw BuildFailure(Diagnostic(file: shown, "cannot move the new output into place"))
            }
            do {
                try fileManager.removeItem(at: retired)
            } catch {
                return [
                    Diagnostic(
                        .warning, file: display(retired),
                        "the previous output could not be deleted: \(error.localizedDescription); "
                            + "the next build retries once this process has ended")
                ]
            }
        } else {
            try? fileManager.createDirectory(
                at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard rename(staging.path, output.path) == 0 else {
                throw BuildFailure(Diagnostic(file: shown, "cannot move the new output into place"))
            }
        }
        return []
    }
}
