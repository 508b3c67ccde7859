/// The answer of the detector: either it is still learning (too little history to tell normal
/// from abnormal), or it has checked and found these anomalies (possibly none).
package enum AnomalyReport: Sendable, Equatable {
    case stillLearning(daysOfHistory: Int, daysNeeded: Int)
    case checked(anomalies: [Anomaly], model: String)

    package var anomalies: [Anomaly] {
        if case .checked(let a, _) = self { return a }
        return []
    }

    /// This report with `other`'s anomalies added (a site's traffic check and its variants'
    /// rate-collapse check, reported as one). A report still learning stays so.
    package func adding(_ other: AnomalyReport?) -> AnomalyReport {
        guard case .checked(let anomalies, let model) = self, let more = other?.anomalies, !more.isEmpty else {
            return self
        }
        return .checked(anomalies: (anomalies + more).sorted { $0.start < $1.start }, model: model)
    }

    package var isLearning: Bool {
        if case .stillLearning = self { return true }
        return false
    }

    /// "still learning (9 of 14 days)", or a one-line count of anomalies.
    package var message: String {
        switch self {
        case .stillLearning(let have, let need):
            return "still learning (\(have) of \(need) days)"
        case .checked(let a, _):
            if a.isEmpty { return "no anomalies" }
            let ongoing = a.filter(\.isOngoing).count
            return "\(a.count) anomal\(a.count == 1 ? "y" : "ies")" + (ongoing > 0 ? ", \(ongoing) ongoing" : "")
        }
    }
}
