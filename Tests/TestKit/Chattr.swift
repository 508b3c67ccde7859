import Foundation

/// Sets or clears a file attribute with `chattr` (`+i` makes a folder immutable even for root, as
/// a read-only mount would). False when the tool or the file system does not allow it.
package func chattr(_ flag: String, _ path: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
    process.arguments = [flag, path]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
