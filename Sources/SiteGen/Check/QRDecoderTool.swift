import Foundation

/// `zbarimg`, the decoder behind the QR round-trip rule: what it reads from the PNG we wrote is
/// what a phone would read from the print.
package struct QRDecoderTool: Sendable {
    package var executable: URL

    package init(executable: URL) { self.executable = executable }

    /// zbarimg from `PATH`, when installed (Debian: zbar-tools).
    package static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> QRDecoderTool? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("zbarimg")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return QRDecoderTool(executable: candidate)
            }
        }
        return nil
    }

    package enum Outcome: Sendable, Equatable {
        case decoded(String)
        /// zbarimg found no code in the image (its exit status 4).
        case unreadable
        case failed(String)
    }

    /// Decodes one PNG; the image goes through a temporary file that is removed afterwards.
    package func decode(png: [UInt8]) -> Outcome {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-check-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        guard FileManager.default.createFile(atPath: file.path, contents: Data(png)) else {
            return .failed("cannot write \(file.path)")
        }
        let process = Process()
        process.executableURL = executable
        // --nodbus: no session bus on servers; --raw: exactly the encoded text.
        process.arguments = ["--nodbus", "--raw", "-q", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failed("cannot run \(executable.path): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0:
            var text = String(decoding: data, as: UTF8.self)
            // zbarimg ends each symbol with a newline; the encoded text is everything before it.
            if text.hasSuffix("\n") { text.removeLast() }
            return .decoded(text)
        case 4: return .unreadable
        case let status: return .failed("\(executable.lastPathComponent) exited with status \(status)")
        }
    }
}
