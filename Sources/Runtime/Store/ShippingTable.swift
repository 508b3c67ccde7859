/// The tables the shipper counts.
enum ShippingTable: String {
    case decisions
    case conversions
}
