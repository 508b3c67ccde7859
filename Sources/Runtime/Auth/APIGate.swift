import Foundation
import HTTPTypes
import Hummingbird

extension RateLimit {
    /// Failed authentications per client: 10 at once, then one a second. A program with a
    /// wrong or revoked key learns it on the first answer; a client guessing gets nowhere.
    package static let authFailures = RateLimit(perSecond: 1, burst: 10)
}

/// Who may call which API endpoint on a recording server: each request that needs a scope must
/// present an active key that has it (or `admin`). Anonymous or unknown keys get `401`, a key
/// without the scope `403`, both JSON with `WWW-Authenticate: Bearer`; a client's failures are
/// rate-limited (`429` with `Retry-After` once it is over). A request with a good key is never
/// refused for failures from the same address (a proxy or office shares one), so the limit cannot
/// be used to lock out a real caller. Keys are never logged, nor echoed in answers.
final class APIGate: Sendable {
    let keys: KeyRing
    private let failures: RateLimiter

    init(keys: KeyRing, failureLimit: RateLimit, clock: (@Sendable () -> Double)? = nil) {
        self.keys = keys
        if let clock {
            failures = RateLimiter(limit: failureLimit, clock: clock)
        } else {
            failures = RateLimiter(limit: failureLimit)
        }
    }

    /// Nil when `request` may reach an endpoint that needs `scope`; otherwise the answer.
    /// `client` names the caller for the failure limit; it is asked only on failure (reading the
    /// peer address takes a lock inside NIO).
    func check(
        _ request: Request, needs scope: APIScope, client: () -> String, metrics: RuntimeMetrics
    ) -> Response? {
        guard let presented = APICredential.presented(in: request.headers) else {
            return refuse(
                client(), metrics, .unauthorized,
                "this endpoint needs an API key with scope '\(scope.rawValue)' (or 'admin'): send "
                    + "'Authorization: Bearer <key>' or 'X-Api-Key: <key>'; `sitegen keys create` makes one",
                challenge: "Bearer realm=\"sitegen\"")
        }
        guard let key = keys.verify(presented) else {
            return refuse(
                client(), metrics, .unauthorized, "the API key is not valid: unknown, revoked or mistyped",
                challenge: "Bearer realm=\"sitegen\", error=\"invalid_token\"")
        }
        guard key.scopes.permits(scope) else {
            return refuse(
                client(), metrics, .forbidden,
                "key \(key.id) has scope \(APIScope.joined(key.scopes)); this endpoint needs "
                    + "'\(scope.rawValue)' or 'admin'",
                challenge: "Bearer realm=\"sitegen\", error=\"insufficient_scope\", scope=\"\(scope.rawValue)\"")
        }
        return nil
    }

    /// Whether `request` presents an active key with `scope`, asked quietly: no failure counted,
    /// no answer made (for public endpoints that show more to a key holder).
    func admits(_ request: Request, needing scope: APIScope) -> Bool {
        guard let presented = APICredential.presented(in: request.headers), let key = keys.verify(presented) else {
            return false
        }
        return key.scopes.permits(scope)
    }

    private func refuse(
        _ client: String, _ metrics: RuntimeMetrics, _ status: HTTPResponse.Status, _ message: String,
        challenge: String
    ) -> Response {
        if let wait = failures.take(client) {
            metrics.authRateLimited.increment()
            var response = Responses.error(
                .tooManyRequests, "too many failed authentications from this client; retry later")
            response.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
            return response
        }
        metrics.authFailures.increment()
        var response = Responses.error(status, message)
        response.headers[.wwwAuthenticate] = challenge
        return response
    }
}
