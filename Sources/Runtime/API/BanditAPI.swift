import Foundation
import Hummingbird
import Personalize

/// `POST /ml/bandit/select` and `POST /ml/bandit/update`: the decision API for server-side callers
/// that render their own pages.
package struct SelectRequest: Decodable {
    var experimentId: String
    var context: [String: ScalarValue]?
}

struct SelectAnswer: Encodable {
    var decisionId: String
    var variantId: String
    var probability: Double
    var confidence: Double
    var expectedReward: Double
}

/// Either a decision from `select` (`decisionId` with `experimentId`, `variantId`, `converted`) or a
/// click token a destination received (`click`; the token names the site and the decision, and
/// `converted` defaults to true): exactly one of `decisionId` and `click`.
package struct UpdateRequest: Decodable {
    var decisionId: String?
    var click: String?
    var experimentId: String?
    var variantId: String?
    var converted: Bool?
    var reward: Double?
    /// Which goal the outcome is for; the site's first goal when absent.
    var goal: String?
}

struct UpdateAnswer: Encodable {
    var ok: Bool
    var learned: Bool
    var duplicate: Bool
}

extension SitegenRuntime {
    func banditSelect(_ request: Request) async -> Response {
        let input: SelectRequest
        do {
            input = try JSONInput.decode(
                SelectRequest.self, from: try await RequestBodyReader.read(request, limit: options.maxBodyBytes))
        } catch {
            return error.response
        }
        let live = self.live
        guard let site = live.deployment.sites[input.experimentId], let model = live.models[input.experimentId] else {
            return Responses.error(.notFound, "unknown experimentId '\(input.experimentId)'")
        }
        let features: [String: String]
        do {
            features = try Self.policyFeatures(from: input.context ?? [:], site: site)
        } catch {
            return Responses.error(.badRequest, error.message)
        }
        // Bots are served but never learned from, whoever reports them.
        let learn = input.context?["device"]?.text.lowercased() != Device.bot.rawValue
        guard
            let assignment = assign(
                site: site, model: model, features: EncodedFeatures(features), context: nil, learn: learn,
                pinned: nil, origin: .none, at: Date()),
            let decision = assignment.decision
        else { return Responses.error(.serviceUnavailable, "model and deployment disagree on variants") }
        return Responses.json(
            SelectAnswer(
                decisionId: assignment.decisionID, variantId: decision.variant,
                probability: decision.propensity.finiteOrZero,
                confidence: decision.confidence.finiteOrZero, expectedReward: decision.expectedReward.finiteOrZero))
    }

    struct ImpossibleContextValue: Error {
        let message: String
    }

    /// The features the site's policy reads, from a caller's context. Only those are kept: the rest
    /// would be stored in every decision row without ever informing a choice. Missing features are
    /// "unknown", as for pages; a built-in feature given a value no request could produce is
    /// refused, whether or not this site reads it.
    static func policyFeatures(from context: [String: ScalarValue], site: LoadedSite) throws(ImpossibleContextValue)
        -> [String: String]
    {
        func checked(_ raw: String, for name: String) throws(ImpossibleContextValue) -> String {
            guard let value = FeatureValue.normalised(raw, for: name) else {
                let shown = raw.utf8.count <= 64 ? raw : String(raw.prefix(64)) + "…"
                throw ImpossibleContextValue(
                    message: "field 'context.\(name)': '\(shown)' is not a possible \(name) value")
            }
            return value
        }
        for name in PersonalizeConfig.builtInFeatures {
            if let raw = context[name]?.text { _ = try checked(raw, for: name) }
        }
        let personalize = site.manifest.personalize
        var features: [String: String] = [:]
        for name in Set(personalize.features + personalize.interactions.flatMap { $0 }) {
            var raw = context[name]?.text ?? Context.unknown
            // Callers describe time by hour (docs/api.md); the policy may read the daypart.
            if name == "daypart", raw == Context.unknown, let hour = context["hour"]?.text {
                raw = Context.daypart(hour: Int(try checked(hour, for: "hour")) ?? 0)
            }
            features[name] = try checked(raw, for: name)
        }
        return features
    }

    func banditUpdate(_ request: Request) async -> Response {
        let input: UpdateRequest
        do {
            input = try JSONInput.decode(
                UpdateRequest.self, from: try await RequestBodyReader.read(request, limit: options.maxBodyBytes))
        } catch {
            return error.response
        }
        let decisionID: String
        let experimentID: String
        let converted: Bool
        switch (input.decisionId, input.click) {
        case (let id?, nil):
            guard let experiment = input.experimentId else {
                return Responses.error(.badRequest, "missing field 'experimentId'")
            }
            guard input.variantId != nil else { return Responses.error(.badRequest, "missing field 'variantId'") }
            guard let given = input.converted else { return Responses.error(.badRequest, "missing field 'converted'") }
            guard DecisionID.isValid(id[...]) else {
                return Responses.error(.badRequest, "field 'decisionId' must be 32 lowercase hex digits")
            }
            (decisionID, experimentID, converted) = (id, experiment, given)
        case (nil, let click?):
            guard let token = clickSigner.verify(click[...], now: Int(Date().timeIntervalSince1970)) else {
                return Responses.error(
                    .badRequest,
                    "field 'click': not a click token this server issued, or issued more than \(ClickToken.lifetime / 86_400) days ago"
                )
            }
            if let experiment = input.experimentId, experiment != token.site {
                return Responses.error(
                    .badRequest, "field 'click': the token is for experiment '\(token.site)', not '\(experiment)'")
            }
            (decisionID, experimentID, converted) = (token.decisionID, token.site, input.converted ?? true)
        case (.some, .some):
            return Responses.error(.badRequest, "give either 'decisionId' or 'click', not both")
        case (nil, nil):
            return Responses.error(
                .badRequest, "missing field 'decisionId' (a decision from select) or 'click' (an sg_click token)")
        }
        let live = self.live
        guard let site = live.deployment.sites[experimentID], let model = live.models[experimentID] else {
            return Responses.error(.notFound, "unknown experimentId '\(experimentID)'")
        }
        if let reward = input.reward, !Bandit.acceptsReward(reward) {
            return Responses.error(.badRequest, "field 'reward' must be a number from 0 to 1,000,000,000")
        }
        let goal = input.goal ?? site.defaultGoal
        guard let goalValue = site.goals[goal] else {
            return Responses.error(.badRequest, "field 'goal': unknown goal '\(goal)' for '\(site.id)'")
        }
        guard store != nil else { return Responses.json(UpdateAnswer(ok: true, learned: false, duplicate: false)) }
        let decision: DecisionRecord?
        do {
            decision = try await self.decision(id: decisionID, site: site.id)
        } catch {
            logger.error("decision lookup failed: \(error)")
            return Responses.error(.serviceUnavailable, "decision lookup failed; retry")
        }
        guard let decision, decision.site == site.id else {
            return Responses.error(.notFound, "unknown decisionId '\(decisionID)' for experiment '\(site.id)'")
        }
        if let variant = input.variantId, decision.variant != variant {
            return Responses.error(
                .badRequest,
                "field 'variantId': decision \(decisionID) served '\(decision.variant)', not '\(variant)'"
            )
        }
        // A non-conversion needs no row: the impression already counts as a trial.
        guard converted else { return Responses.json(UpdateAnswer(ok: true, learned: false, duplicate: false)) }
        let conversion = ConversionRecord(
            decisionID: decision.id, site: site.id, goal: goal, value: input.reward ?? goalValue, at: Date())
        switch await recordConversion(conversion, model: model) {
        case .recorded(let joined):
            return Responses.json(UpdateAnswer(ok: true, learned: joined.learn, duplicate: false))
        case .duplicate:
            return Responses.json(UpdateAnswer(ok: true, learned: false, duplicate: true))
        case .pending:
            return PendingAnswer.response(goal: goal)
        case .unknownDecision:
            return Responses.error(.notFound, "unknown decisionId '\(decisionID)' for experiment '\(site.id)'")
        case .notStored:
            return Self.notStored
        }
    }
}

extension Double {
    /// JSON has no NaN or infinity; a policy that produced one reports 0 rather than failing the answer.
    var finiteOrZero: Double { isFinite ? self : 0 }
}
