import Foundation

/// One dated value as an API receives it, in any order.
package struct ForecastObservation: Sendable, Equatable {
    package var date: Date
    package var value: Double
    package init(date: Date, value: Double) {
        self.date = date
        self.value = value
    }
}
