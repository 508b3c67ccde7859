import Hummingbird

/// The `202` for a conversion kept until its decision arrives (`ConversionOutcome.pending`): the
/// caller has nothing to retry, and the conversion is not counted yet.
struct PendingAnswer: Encodable {
    var ok = true
    var pending = true
    var goal: String
    var message =
        "accepted: its decision was made on another node and has not reached this one yet; "
        + "it is kept and counted once it has"

    static func response(goal: String) -> Response {
        Responses.json(PendingAnswer(goal: goal), status: .accepted)
    }
}
