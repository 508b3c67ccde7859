/// A cluster command failed; the description holds its output.
package struct ClusterFailure: Error, CustomStringConvertible {
    package let description: String
}
