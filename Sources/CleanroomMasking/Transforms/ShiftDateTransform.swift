import CleanroomCore

/// `{ shift_date: { days: N, per: COLUMN } }`: moves dates by a keyed offset within ±`days`, the same
/// for all rows sharing the `per` column's value.
public struct ShiftDateTransform: Transform {
    public var days: Int
    /// The column whose value keys the offset; nil keys it by the date itself.
    public var per: String?

    public static let name = "shift_date"
    public static let documentation = TransformDocumentation(
        syntax: "`{ shift_date: { days: N, per: COLUMN } }`",
        effect: "moves the date by a keyed offset in ±N days, the same offset for every row with the same `per` value "
            + "(intervals inside an entity survive); time and offset untouched",
        columnTypes: "date, timestamp, timestamptz, text")

    public static func parse(_ parameters: TransformParameters) throws -> ShiftDateTransform {
        let days: Int
        let per: String?
        if let bare = parameters.int {
            (days, per) = (bare, nil)
        } else if let d = parameters["days"]?.int {
            (days, per) = (d, parameters["per"]?.string)
        } else {
            throw parameters.error("takes `{ days: N, per: column }`")
        }
        guard (1...36500).contains(days) else { throw parameters.error("days is 1 to 36500") }
        return ShiftDateTransform(days: days, per: per)
    }

    public func canProduce(into kind: ValueKind) -> Bool { [.date, .timestamp, .timestamptz, .text].contains(kind) }
    public var probeRole: ProbeRole { .perturbs }
    public var summary: String { "shift_date:±\(days)d" }
    public func yaml(modifiers: String) -> String {
        let perText = per.map { ", per: \(YAMLFlow.key($0))" } ?? ""
        return "{ shift_date: { days: \(days)\(perText) }\(modifiers) }"
    }

    public func problems(in table: Table, at location: SourceLocation) -> [MaskingError] {
        guard let per, table.column(named: per) == nil else { return [] }
        return [problem(location, "per: \(per) is not a column of \(table.name)")]
    }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let days = self.days
        let hasher = context.hasher
        let perIndex = per.flatMap { context.columnIndex[$0] }
        let perHasher = per.map { context.key.hasher(domain: "shift_date:" + context.domainOf($0)) }
        return .value { value, row, out in
            var entity: SIMD32<UInt8>?
            if let perIndex, let perHasher { entity = row.entityDigest(column: perIndex, hasher: perHasher) }
            let digest = entity ?? hasher.mac(of: value)
            guard DateShift.shift(value, days: DateShift.offset(DigestReader(digest), maxDays: days), into: &out) else {
                throw TransformFailure("the value is not a date or timestamp")
            }
            return true
        }
    }
}

extension TransformSpec {
    /// `{ shift_date: { days:, per: } }`.
    public static func shiftDate(days: Int, per: String?) -> TransformSpec {
        TransformSpec(ShiftDateTransform(days: days, per: per))
    }
}
