import Hummingbird

/// A conversion report that cannot be credited at all (an unknown goal, an impossible value), with
/// the 400 that says why.
struct RefusedReport: Error {
    var response: Response
}
