/// How far the request being read has come, as the handlers that parse requests tell
/// `ConnectionDeadlines` (an outbound user event, which travels towards it at the socket end):
/// it sees only bytes, and cannot tell where a head or a body ends.
enum RequestProgress: Sendable {
    /// Bytes of a new head are here, left over after a request that ended in the same read.
    case headStarted
    /// A whole head has been read; its body, if any, follows.
    case headReceived
    /// The request ended; until the next byte arrives the connection is between requests.
    case requestEnded
}
