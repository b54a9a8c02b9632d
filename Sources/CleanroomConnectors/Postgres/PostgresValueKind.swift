import CleanroomCore

extension ValueKind {
    /// The kind of a PostgreSQL column from its base type in `pg_type` (domains already resolved to
    /// the type they are over).
    /// - Parameters:
    ///   - typeName: `pg_type.typname`, e.g. `int4`, `varchar`, `timestamptz`, `citext`.
    ///   - typeType: `pg_type.typtype`: `e` for an enum.
    ///   - category: `pg_type.typcategory`: `A` for an array.
    static func postgres(typeName: String, typeType: String, category: String) -> ValueKind {
        if category == "A" { return .array }
        if typeType == "e" { return .text }
        switch typeName {
        case "text", "varchar", "bpchar", "char", "citext", "name": return .text
        case "int2", "int4", "int8", "oid": return .integer
        case "numeric", "float4", "float8", "money": return .numeric
        case "bool": return .boolean
        case "date": return .date
        case "timestamp": return .timestamp
        case "timestamptz": return .timestamptz
        case "time", "timetz": return .time
        case "interval": return .interval
        case "bytea": return .bytea
        case "json", "jsonb": return .json
        case "uuid": return .uuid
        case "inet", "cidr": return .inet
        default: return .other
        }
    }
}
