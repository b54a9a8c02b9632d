import CleanroomCore

extension PrintForms {
    /// PostgreSQL's output functions, in the sessions `PostgresConnection` opens: they pin every
    /// setting that changes how values print (DateStyle, IntervalStyle, TimeZone,
    /// extra_float_digits, bytea_output). Anything not known to print back unchanged —
    /// `character(n)` padding, `name` truncation, floats, money, uuids — is `unknown`, and a table
    /// with such a column is read back.
    public static let postgres = PrintForms(name: "postgres") { (column: Column) -> PrintForm in
        let type = column.typeName
        switch column.kind {
        case .text:
            if type == "name" || type == "\"char\"" || type == "character" || type.hasPrefix("character(") {
                return .unknown
            }
            // A length limit (of `character varying(n)`, or of a domain over it: qualified names are
            // domains and enums) cuts trailing spaces where it would otherwise refuse the value.
            let limited = type.hasPrefix("character varying(") || type.contains(".")
            return limited ? .checked(.noTrailingSpace) : .verbatim
        case .json: return type == "json" ? .verbatim : .unknown
        case .date: return .checked(.date)
        case .timestamp: return .checked(.timestamp)
        case .timestamptz: return .checked(.timestamptz)
        case .integer: return .checked(.integer)
        case .numeric:
            guard type == "numeric" || type.hasPrefix("numeric(") else { return .unknown }
            let scale = type.split(whereSeparator: { $0 == "," || $0 == ")" }).dropFirst().first
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .checked(.numeric(scale: type == "numeric" ? nil : scale ?? 0))
        default: return .unknown
        }
    }
}
