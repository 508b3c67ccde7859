// What every harness shares: starting libFuzzer, and failing loudly when a property breaks.

@_extern(c, "LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under the name `<module>_main` (so that tests could
/// link the module), which hides libFuzzer's own `main`: each harness exports that name and calls
/// this, which runs libFuzzer's driver with `test` as the target.
package func startFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, test)
}

/// A property of the code under test; a violation is a crash libFuzzer records with its input.
package func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

package func fail(_ message: String) -> Never {
    fatalError("property violated: \(message)")
}
