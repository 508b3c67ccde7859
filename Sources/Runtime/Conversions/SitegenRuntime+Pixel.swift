import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension SitegenRuntime {
    /// `GET /<site>/_pixel?click=<token>&goal=<goal>[&value=<v>]`: the postback of a destination
    /// on another site (a booking engine's confirmation page, as an `<img>` or a server-side GET),
    /// crediting `goal` to the decision named by the click token its visitor arrived with.
    ///
    /// Mistakes an integrator makes once (no `click` or `goal`, an unknown goal, a bad value) are
    /// a JSON 400. Every well-formed request then answers the same 1×1 GIF whether it credited or
    /// not (a forged, stale or other site's token, a repeat, a HEAD): an `<img>` never shows as
    /// broken, and a forger learns nothing about which tokens are good. `POST /ml/bandit/update`
    /// with `click` answers the reason instead, for testing an integration. A value is capped like
    /// any browser's (`browserReward`): whoever can see the URL can change it.
    func pixel(_ request: Request, context: RuntimeRequestContext, site: LoadedSite, model: SiteModel?) async
        -> Response
    {
        if let denied = rateLimited(request, context) { return denied }
        let query = QueryString(request.uri.query)
        guard let click = query.value("click"), !click.isEmpty else {
            return Responses.error(.badRequest, "missing '?click=<token>': the sg_click the visitor arrived with")
        }
        guard let goal = query.value("goal"), !goal.isEmpty else {
            return Responses.error(.badRequest, "missing '&goal=<goal>': which of the site's goals was reached")
        }
        var value: Double?
        if let raw = query.value("value"), !raw.isEmpty {
            guard let number = Double(raw) else {
                return Responses.error(.badRequest, "field 'value' must be a number")
            }
            value = number
        }
        let reward: BrowserReward
        do {
            reward = try browserReward(goal: goal, value: value, site: site)
        } catch {
            return error.response
        }
        // A HEAD is a link checker or a prefetch, not the postback.
        guard request.method != .head, options.mode.isRecording, let model else { return Self.pixelAnswer() }
        guard let token = clickSigner.verify(click[...], now: Int(Date().timeIntervalSince1970)), token.site == site.id
        else {
            metrics.rejectedClicks.increment()
            return Self.pixelAnswer()
        }
        if reward.capped { metrics.cappedValues.increment() }
        let conversion = ConversionRecord(
            decisionID: token.decisionID, site: site.id, goal: goal, value: reward.value, at: Date())
        switch await recordConversion(conversion, model: model) {
        case .recorded, .duplicate, .pending:
            return Self.pixelAnswer()
        case .unknownDecision:
            metrics.rejectedClicks.increment()
            return Self.pixelAnswer()
        case .notStored:
            // The one answer that is not the GIF: a postback should be retried.
            return Self.notStored
        }
    }

    /// The smallest transparent GIF (43 bytes), never cached: each load is a postback.
    static let transparentGIF: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
        0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    private static func pixelAnswer() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "image/gif"
        headers[.cacheControl] = CacheControlPolicy.noStore
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: transparentGIF)))
    }
}
