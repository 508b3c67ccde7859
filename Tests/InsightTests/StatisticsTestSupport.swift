import XCTest

/// |actual − expected| ≤ relative·|expected| (+ a tiny absolute floor for zeros).
func assertRelative(
    _ actual: Double, _ expected: Double, _ relative: Double = 1e-10, file: StaticString = #filePath,
    line: UInt = #line
) {
    let tolerance = max(relative * abs(expected), 1e-300)
    XCTAssert(
        abs(actual - expected) <= tolerance, "\(actual) is not within \(relative) (relative) of \(expected)",
        file: file, line: line)
}
