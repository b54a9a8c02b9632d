import CleanroomCore
import Foundation

/// PostgreSQL DDL derived from the schema model, for sources without PostgreSQL DDL of their own
/// (SQLite, CSV, JSONL). Column types map from SQLite's declared types.
enum PostgresSchemaDDL {
    /// `CREATE SCHEMA IF NOT EXISTS` for each schema and a `CREATE TABLE` for each table, without
    /// keys: those come after the load, in `keyStatements`.
    ///
    /// Generated columns become plain nullable columns: the source's expression is unknown here, and
    /// writers leave them out.
    static func tableStatements(for schema: DatabaseSchema) -> String {
        let schemas = Set(schema.tables.map(\.name.schema)).sorted()
        var statements = schemas.map { "CREATE SCHEMA IF NOT EXISTS \(PostgresSQL.quoteIdentifier($0));" }
        for table in schema.tables {
            let columns = table.columns.map { column in
                var definition =
                    "    \(PostgresSQL.quoteIdentifier(column.name)) \(postgresType(forSQLiteType: column.typeName))"
                if !column.isNullable && !column.isGenerated { definition += " NOT NULL" }
                return definition
            }
            statements.append(
                "CREATE TABLE \(PostgresSQL.quote(table.name)) (\n\(columns.joined(separator: ",\n"))\n);")
        }
        return statements.joined(separator: "\n")
    }

    /// Primary keys, then foreign keys (which need the referenced keys to exist).
    static func keyStatements(for schema: DatabaseSchema) -> String {
        let primaryKeys = schema.tables.filter { !$0.primaryKey.isEmpty }.map { table in
            "ALTER TABLE \(PostgresSQL.quote(table.name)) ADD PRIMARY KEY (\(table.primaryKey.map(PostgresSQL.quoteIdentifier).joined(separator: ", ")));"
        }
        let foreignKeys = schema.foreignKeys.map { key in
            let name = key.name.isEmpty ? "" : "CONSTRAINT \(PostgresSQL.quoteIdentifier(key.name)) "
            return
                "ALTER TABLE \(PostgresSQL.quote(key.table)) ADD \(name)FOREIGN KEY (\(key.columns.map(PostgresSQL.quoteIdentifier).joined(separator: ", ")))"
                + " REFERENCES \(PostgresSQL.quote(key.referencedTable)) (\(key.referencedColumns.map(PostgresSQL.quoteIdentifier).joined(separator: ", ")));"
        }
        return (primaryKeys + foreignKeys).joined(separator: "\n")
    }

    /// The PostgreSQL type for a SQLite declared type, following SQLite's own affinity rules where
    /// the name is not one of the well-known ones: `INTEGER` → `bigint`, `REAL`/`FLOAT`/`DOUBLE` →
    /// `double precision`, `NUMERIC(p,s)`/`DECIMAL(p,s)` → `numeric(p,s)`, `VARCHAR(n)` and other
    /// character types with a length → `varchar(n)`, other character types → `text`, `BLOB` →
    /// `bytea`, `DATE` → `date`, `DATETIME`/`TIMESTAMP` → `timestamp`, `BOOLEAN` → `boolean`, and
    /// anything else (including no type) → `text`.
    static func postgresType(forSQLiteType declared: String) -> String {
        let upper = declared.uppercased()
        let name = String(upper.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
        let arguments = upper.firstIndex(of: "(").flatMap { open in
            upper[open...].dropFirst().split(separator: ")", maxSplits: 1, omittingEmptySubsequences: false).first
        }.map { $0.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) } }
        // Lengths and precisions are used only when they are plain numbers: a declared type is data.
        let numbers = arguments.flatMap { values in values.allSatisfy { $0 != nil } ? values.compactMap { $0 } : nil }

        switch name {
        case "DATE": return "date"
        case "DATETIME", "TIMESTAMP": return "timestamp"
        case "BOOLEAN", "BOOL": return "boolean"
        case "NUMERIC", "DECIMAL":
            guard let numbers, (1...2).contains(numbers.count), numbers[0] > 0, numbers.allSatisfy({ $0 >= 0 }) else {
                return "numeric"
            }
            return "numeric(\(numbers.map(String.init).joined(separator: ",")))"
        default: break
        }
        if name.contains("INT") { return "bigint" }
        if name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT") {
            if let numbers, numbers.count == 1, numbers[0] > 0, name.contains("CHAR") {
                return "varchar(\(numbers[0]))"
            }
            return "text"
        }
        if name.contains("BLOB") { return "bytea" }
        if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") { return "double precision" }
        return "text"
    }
}
