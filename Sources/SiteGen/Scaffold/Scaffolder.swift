import DistFormat
import Foundation

/// `sitegen new site|template`: writes a working starting point, all of it or nothing.
///
/// Files are written into a hidden folder beside the target and renamed into place, so an
/// interrupted run leaves no half-made site, and an existing folder is never touched.
package enum Scaffolder {
    /// The template a new site uses when `--template` is not given; made too if it is missing.
    package static let defaultTemplate = "starter"

    package struct Created: Sendable {
        /// Folders made, as the user sees them: `sites/demo`, `templates/starter`.
        package var folders: [String]
        /// The template the new site uses.
        package var template: String
    }

    /// A site in `sites/<name>/` using `template`. With nil, the starter template is used and
    /// made when missing; a named template must already exist (a typo should not silently make
    /// a second template).
    package static func newSite(_ name: String, template: String?, sites: URL, templates: URL)
        throws(ScaffoldError) -> Created
    {
        let target = sites.appendingPathComponent(name)
        try validate(name, kind: "site", at: target)
        try refuseExisting(target)
        var folders: [String] = []
        let chosen = template ?? defaultTemplate
        let templateFolder = templates.appendingPathComponent(chosen)
        if !isDirectory(templateFolder) {
            guard template == nil else {
                let known = existingTemplates(in: templates)
                throw ScaffoldError(
                    path: display(templateFolder),
                    "no template '\(chosen)'\(didYouMean(chosen, in: known)); "
                        + (known.isEmpty ? "there are no templates yet" : "existing: \(known.joined(separator: ", "))")
                        + ". Make it first with `sitegen new template \(chosen)`, or leave out --template "
                        + "to use (and create) the '\(defaultTemplate)' template")
            }
            try write(TemplateScaffold.files(name: chosen), into: templateFolder)
            folders.append(display(templateFolder))
        }
        try write(SiteScaffold.files(name: name, template: chosen), into: target)
        folders.append(display(target))
        return Created(folders: folders.reversed(), template: chosen)
    }

    /// A template in `templates/<name>/`: a page template using a layout, header and footer
    /// partials, and a stylesheet.
    package static func newTemplate(_ name: String, templates: URL) throws(ScaffoldError) -> Created {
        let target = templates.appendingPathComponent(name)
        try validate(name, kind: "template", at: target)
        try refuseExisting(target)
        try write(TemplateScaffold.files(name: name), into: target)
        return Created(folders: [display(target)], template: name)
    }

    /// Names become URL segments and folder names: the same rule as variant ids.
    private static func validate(_ name: String, kind: String, at target: URL) throws(ScaffoldError) {
        guard isSafeID(name) else {
            throw ScaffoldError(
                path: display(target),
                "'\(name)' cannot name a \(kind): use lowercase letters, digits and '-', starting with a "
                    + "letter or digit, at most 40 characters (it becomes part of URLs)")
        }
        if kind == "site", reservedSiteIDs.contains(name) {
            throw ScaffoldError(
                path: display(target), "'\(name)' is a path the server answers itself: choose another site name")
        }
    }

    private static func refuseExisting(_ target: URL) throws(ScaffoldError) {
        if FileManager.default.fileExists(atPath: target.path) {
            throw ScaffoldError(
                path: display(target), "already exists; nothing was written (choose another name or remove it)")
        }
    }

    private static func write(_ files: [ScaffoldFile], into target: URL) throws(ScaffoldError) {
        let fileManager = FileManager.default
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(
            ".\(target.lastPathComponent).new-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? fileManager.removeItem(at: staging)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fileManager.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw ScaffoldError(path: display(target), "cannot write: \(error.localizedDescription)")
        }
        // rename(2) fails rather than replace a non-empty folder that appeared meanwhile.
        guard rename(staging.path, target.path) == 0 else {
            try? fileManager.removeItem(at: staging)
            throw ScaffoldError(path: display(target), "cannot move the new folder into place (does it exist now?)")
        }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func existingTemplates(in templates: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: templates.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && isDirectory(templates.appendingPathComponent($0)) }.sorted()
    }

    /// Relative to the working directory, as the user typed it.
    private static func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let here = FileManager.default.currentDirectoryPath
        return path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
    }
}
