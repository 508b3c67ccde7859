import Foundation

/// The plain-language sentences of the report, kept in one place so HTML, JSON and CSV say the same.
package enum SiteReportWording {
    package static func headline(kind: SiteReportVerdict.Kind, leader: String?) -> String {
        switch kind {
        case .winning: "\(leader ?? "A variant") is winning"
        case .keepExploring: "Keep exploring"
        case .noRealDifference: "No real difference"
        case .tooLittleData: "Too little data"
        }
    }

    package static func kindName(_ kind: SiteReportVerdict.Kind) -> String {
        switch kind {
        case .winning: "winning"
        case .keepExploring: "keep exploring"
        case .noRealDifference: "no real difference"
        case .tooLittleData: "too little data"
        }
    }

    static func uplift(_ u: SiteReportUplift?, over name: String, role: String) -> String? {
        guard let u, ReportFormat.finite(u.value) != nil else { return nil }
        var s = "\(ReportFormat.signedPercent(u.value)) over \(role) \(name)"
        if ReportFormat.finite(u.lower) != nil, ReportFormat.finite(u.upper) != nil {
            s +=
                " (95% credible interval \(ReportFormat.signedPercent(u.lower)) to \(ReportFormat.signedPercent(u.upper)))"
        }
        return s
    }

    /// The verdict paragraph; ids are plain text here and escaped by whoever renders it.
    package static func verdictText(_ v: SiteReportVerdict, units: SiteReportUnits?) -> String {
        let chance = ReportFormat.probability(v.leaderChanceToBeBest)
        var uplifts: [String] = []
        if let r = v.runnerUp, let s = uplift(v.upliftOverRunnerUp, over: r, role: "the runner-up") {
            uplifts.append(s)
        }
        if let f = v.first, f != v.leader, let s = uplift(v.upliftOverFirst, over: f, role: "the first variant") {
            uplifts.append(s)
        }
        let upliftSentence =
            uplifts.isEmpty ? "" : " Its conversion rate is " + uplifts.joined(separator: " and ") + "."
        var soFar = "So far: \(ReportFormat.integer(v.conversions)) conversion\(v.conversions == 1 ? "" : "s")"
        if let revenue = ReportFormat.finite(v.revenue) {
            soFar +=
                " and "
                + (units.map { ReportFormat.money(revenue, units: $0) } ?? ReportFormat.grouped(revenue, digits: 2))
                + " revenue"
        }
        soFar += "."
        guard let leader = v.leader else {
            return "Too little data to tell: no visitor has been shown a variant in this period yet."
        }
        switch v.kind {
        case .winning:
            return "\(leader) is winning, with a \(chance) chance to be the best variant.\(upliftSentence) \(soFar)"
        case .keepExploring:
            return
                "Keep exploring: no variant is clearly best yet. \(leader) leads with a \(chance) chance to be best.\(upliftSentence) The policy keeps shifting traffic towards the better variants as evidence comes in. \(soFar)"
        case .noRealDifference:
            return
                "No real difference: the variants convert about equally well. \(leader) leads with a \(chance) chance to be best, but the gap is too small to matter.\(upliftSentence) \(soFar)"
        case .tooLittleData:
            return
                "Too little data to tell yet. \(leader) leads for now with a \(chance) chance to be best.\(upliftSentence) \(soFar)"
        }
    }

    static func policyName(_ p: SiteReportPolicyValue.Policy) -> String {
        switch p {
        case .logged: "the policy's choices"
        case .uniform: "every variant equally often"
        case .variant(let id): "\(id) to everyone"
        }
    }

    static func estimatorName(_ e: SiteReportPolicyValue.Estimator) -> String {
        switch e {
        case .ips: "inverse propensity (IPS)"
        case .snips: "self-normalised IPS"
        case .dr: "doubly robust"
        }
    }

    /// The preferred estimate for a policy and metric: doubly robust, then SNIPS, then IPS.
    static func preferred(
        _ rows: [SiteReportPolicyValue], policy: SiteReportPolicyValue.Policy, metric: SiteReportPolicyValue.Metric
    ) -> SiteReportPolicyValue? {
        for e in [SiteReportPolicyValue.Estimator.dr, .snips, .ips] {
            if let r = rows.first(where: {
                $0.policy == policy && $0.metric == metric && $0.estimator == e && ReportFormat.finite($0.value) != nil
            }) {
                return r
            }
        }
        return nil
    }

    /// "4.1% ± 0.3" from an estimate and its interval (half-width of the interval, in points).
    static func valueWithMargin(_ r: SiteReportPolicyValue, units: SiteReportUnits) -> String {
        let margin: Double? = {
            guard let lo = ReportFormat.finite(r.lower), let hi = ReportFormat.finite(r.upper) else { return nil }
            return (hi - lo) / 2
        }()
        switch r.metric {
        case .conversionRate:
            let v = ReportFormat.percent(r.value)
            guard let margin else { return v }
            return v + " ± " + ReportFormat.decimal(margin * 100, digits: margin * 100 >= 1 ? 1 : 2)
        case .revenuePerVisit:
            let v = ReportFormat.money(r.value, units: units, digits: 3)
            guard let margin else { return v }
            return v + " ± " + ReportFormat.decimal(margin, digits: 3)
        }
    }

    /// "Showing the policy's choices earned 4.1% ± 0.3; showing indoor-comfort to everyone would have earned 3.2% ± 0.5; …"
    package static func policySentence(_ report: SiteReport, metric: SiteReportPolicyValue.Metric = .conversionRate)
        -> String?
    {
        let rows = report.policyValue
        var parts: [String] = []
        if let logged = preferred(rows, policy: .logged, metric: metric) {
            parts.append("showing the policy's choices earned \(valueWithMargin(logged, units: report.units))")
        }
        var others: [SiteReportPolicyValue.Policy] = [.uniform]
        others += report.variants.map { .variant($0.id) }
        for p in others {
            if let r = preferred(rows, policy: p, metric: metric) {
                parts.append("showing \(policyName(p)) would have earned \(valueWithMargin(r, units: report.units))")
            }
        }
        guard !parts.isEmpty else { return nil }
        let s = parts.joined(separator: "; ") + "."
        return s.prefix(1).uppercased() + s.dropFirst()
    }
}
