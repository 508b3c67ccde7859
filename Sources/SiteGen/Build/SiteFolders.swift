/// What the folders under sites/ turned out to be: the sites to build, and what is wrong with
/// the others (errors and warnings).
struct SiteFolders {
    var ids: [String] = []
    var findings: [Diagnostic] = []

    var errors: [Diagnostic] { findings.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { findings.filter { $0.severity == .warning } }
}
