import CleanroomCore
import CleanroomCrypto
import CleanroomMasking
import CleanroomPipeline
import Foundation

/// `cleanroom-micro --mask-copy FILE --table NAME --rules FILE [--repeat N] [--probe] [--out FILE]`: masks a table's
/// COPY text (as `COPY t TO STDOUT` wrote it) through MaskingPlan → TableMasker, in-process, so that a
/// profiler (callgrind, which cannot follow `cleanroom mask` into its pg_dump subprocess) sees the
/// per-row masking path of the benchmark dataset and nothing else.
///
/// The schema is the one benchmarks/generate.sql creates, or for `people` benchmarks/single.sql's
/// (`unique: true` columns show first draws: no pre-pass runs here). `--probe` adds the pipeline's leak-probe
/// inserts: every changed value's filter key, added to the probe's filter after each batch. `--out` writes
/// the masked COPY text (of the first repetition), so that two builds' outputs can be compared byte for byte.
enum TableHarness {
    static func run(_ arguments: [String]) throws {
        var file: String?
        var tableName: String?
        var rulesPath: String?
        var repeats = 1
        var probe = false
        var outPath: String?
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--mask-copy": file = it.next()
            case "--table": tableName = it.next()
            case "--rules": rulesPath = it.next()
            case "--repeat": repeats = max(1, Int(it.next() ?? "") ?? 1)
            case "--probe": probe = true
            case "--out": outPath = it.next()
            default: throw HarnessError("unknown argument \(a)")
            }
        }
        guard let file, let tableName, let rulesPath else {
            throw HarnessError(
                "usage: cleanroom-micro --mask-copy FILE --table NAME --rules FILE [--repeat N] [--probe] [--out FILE]")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw HarnessError("cannot read \(file)") }
        let bytes = [UInt8](data)
        let batches = split(bytes)
        let rows = batches.reduce(0) { $0 + $1.rowCount }

        let schema = tableName.hasSuffix("people") ? BenchmarkSchema.single : BenchmarkSchema.schema
        let validated = try RulesValidator.validate(try RulesParser.load(path: rulesPath), against: schema)
        let key = try MaskingKey(
            bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }, source: "the benchmark key")
        let plan = try MaskingPlan(rules: validated, key: key)
        let name = QualifiedName(parsing: tableName, defaultSchema: "public")
        guard let planned = validated.tables.first(where: { $0.table.name == name }) else {
            throw HarnessError("no table \(tableName)")
        }
        let masker = try plan.masker(for: planned)
        let filter = probe ? LeakProbe() : nil
        var keys: [UInt64] = []
        if let filter {
            masker.onChange = { _, value in if let key = filter.filterKey(value) { keys.append(key) } }
        }

        let clock = ContinuousClock()
        var outBytes = 0
        var written: [UInt8] = []
        let elapsed = try clock.measure {
            for repetition in 0..<repeats {
                for batch in batches {
                    let masked = try masker.mask(batch)
                    outBytes += masked.bytes.count
                    if outPath != nil && repetition == 0 { written += masked.bytes }
                    filter?.insert(keys, recorded: keys.count)
                    keys.removeAll(keepingCapacity: true)
                }
            }
        }
        if let outPath {
            guard FileManager.default.createFile(atPath: outPath, contents: Data(written)) else {
                throw HarnessError("cannot write \(outPath)")
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = rows * repeats
        print(
            "\(tableName): \(total) rows, \(bytes.count * repeats) bytes in, \(outBytes) bytes out, "
                + "\(String(format: "%.3f", seconds)) s, \(String(format: "%.2f", seconds / Double(total) * 1e6)) µs/row, "
                + "\(String(format: "%.1f", Double(bytes.count * repeats) / seconds / 1e6)) MB/s"
                + (probe ? " (with leak-probe inserts)" : ""))
    }

    /// Cuts COPY text into batches of about `RowBatch.targetBytes` at row ends, as the readers do.
    static func split(_ bytes: [UInt8]) -> [RowBatch] {
        var batches: [RowBatch] = []
        var start = 0
        var rowCount = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == CopyText.newline {
                rowCount += 1
                if i + 1 - start >= RowBatch.targetBytes {
                    batches.append(RowBatch(bytes: Array(bytes[start...i]), rowCount: rowCount))
                    start = i + 1
                    rowCount = 0
                }
            }
            i += 1
        }
        if rowCount > 0 { batches.append(RowBatch(bytes: Array(bytes[start..<bytes.count]), rowCount: rowCount)) }
        return batches
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The tables benchmarks/generate.sql creates, as PostgreSQL introspection reports them.
enum BenchmarkSchema {
    static func column(_ name: String, _ type: String, _ kind: ValueKind, nullable: Bool = false) -> Column {
        Column(name: name, typeName: type, kind: kind, isNullable: nullable)
    }

    static let customers = QualifiedName(schema: "public", name: "customers")
    static let orders = QualifiedName(schema: "public", name: "orders")
    static let payments = QualifiedName(schema: "public", name: "payments")

    static let schema = DatabaseSchema(
        tables: [
            Table(
                name: customers,
                columns: [
                    column("customer_id", "bigint", .integer),
                    column("first_name", "text", .text),
                    column("last_name", "text", .text),
                    column("email", "text", .text),
                    column("phone", "text", .text, nullable: true),
                    column("date_of_birth", "date", .date, nullable: true),
                    column("username", "text", .text),
                    column("notes", "text", .text, nullable: true),
                    column("profile", "jsonb", .json),
                    column("status", "text", .text),
                    column("created_at", "timestamp with time zone", .timestamptz),
                ], primaryKey: ["customer_id"]),
            Table(
                name: orders,
                columns: [
                    column("order_id", "bigint", .integer),
                    column("customer_id", "bigint", .integer),
                    column("ordered_at", "timestamp with time zone", .timestamptz),
                    column("status", "text", .text),
                    column("total", "numeric(12,2)", .numeric),
                    column("ship_to", "text", .text, nullable: true),
                ], primaryKey: ["order_id"]),
            Table(
                name: payments,
                columns: [
                    column("payment_id", "bigint", .integer),
                    column("order_id", "bigint", .integer),
                    column("card_number", "text", .text),
                    column("amount", "numeric(12,2)", .numeric),
                    column("paid_at", "timestamp with time zone", .timestamptz),
                    column("method", "text", .text),
                ], primaryKey: ["payment_id"]),
        ],
        foreignKeys: [
            ForeignKey(
                name: "orders_customer_id_fkey", table: orders, columns: ["customer_id"],
                referencedTable: customers, referencedColumns: ["customer_id"]),
            ForeignKey(
                name: "payments_order_id_fkey", table: payments, columns: ["order_id"],
                referencedTable: orders, referencedColumns: ["order_id"]),
        ])

    /// The table benchmarks/single.sql creates.
    static let single = DatabaseSchema(
        tables: [
            Table(
                name: QualifiedName(schema: "public", name: "people"),
                columns: [
                    column("id", "bigint", .integer),
                    column("first_name", "text", .text),
                    column("last_name", "text", .text),
                    column("email", "text", .text),
                    column("phone", "text", .text, nullable: true),
                    column("ssn", "text", .text, nullable: true),
                    column("card", "text", .text, nullable: true),
                    column("street", "text", .text, nullable: true),
                    column("city", "text", .text, nullable: true),
                    column("birth_date", "date", .date, nullable: true),
                    column("created_at", "timestamp with time zone", .timestamptz),
                    column("notes", "text", .text, nullable: true),
                    column("profile", "jsonb", .json),
                    column("score", "integer", .integer),
                ], primaryKey: ["id"])
        ], foreignKeys: [])
}
