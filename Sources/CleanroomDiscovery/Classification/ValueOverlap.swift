import CleanroomCore

/// Columns whose name says nothing but whose values are copies of a personal column's: an order's
/// `ship_name` repeating the customer's company, an `owner` repeating user names, a denormalised
/// `customer_name`. Such a column takes the personal column's class, so the draft masks it like
/// that column (and in its domain), instead of keeping it and leaving the leak probe to refuse the run.
/// A column whose short values are made of the words of name columns (`recipient` holding
/// `first_name || ' ' || last_name`) is a full name composed from them.
enum ValueOverlap {
    /// The fewest shared distinct values that count as a copy.
    static let minimumShared = 3
    /// The share of a column's distinct sampled values that must be the other column's.
    static let minimumShare = 0.5

    /// Classes whose values identify a person or their employer, copied in any table.
    static let copiedClasses: Set<PersonalDataClass> = [
        .email, .phone, .card, .iban, .nationalID, .firstName, .lastName, .fullName, .streetAddress, .username,
        .company,
    ]
    /// Places count as copied only within their own table: across tables a city or country recurs in
    /// reference data, suppliers and territories without pointing at anyone, but beside a person's
    /// hometown a `destination` holding the same places is that person's too (Titanic's passenger list).
    static let placeClasses: Set<PersonalDataClass> = [.city, .region, .country]
    /// The share of a column's distinct sampled values that must be its own table's place column's:
    /// places repeat (many people live in one city), so fewer distinct values are shared.
    static let minimumPlaceShare = 0.25

    /// `examined` with an overlap finding for every text column whose sampled values are mostly a
    /// personal column's, when it has no actionable finding of its own, or one by its values alone
    /// (no name hint) while the personal column's name says what it holds: the copy then masks in
    /// that column's domain.
    static func classify(_ examined: [TableFindings], schema: DatabaseSchema) -> [TableFindings] {
        derived(composed(copies(examined, schema: schema), schema: schema), schema: schema)
    }

    /// Columns whose values equal a personal column's.
    private static func copies(_ examined: [TableFindings], schema: DatabaseSchema) -> [TableFindings] {
        var sources: [(table: QualifiedName, name: String, finding: ColumnFinding, hashes: Set<Int>)] = []
        for table in examined {
            for (i, column) in table.table.columns.enumerated() {
                guard let finding = table.findings[i], finding.isActionable, finding.overlaps == nil,
                    copiedClasses.contains(finding.dataClass) || placeClasses.contains(finding.dataClass),
                    !table.valueHashes[i].isEmpty
                else { continue }
                sources.append((table.table.name, "\(table.table.name).\(column.name)", finding, table.valueHashes[i]))
            }
        }
        guard !sources.isEmpty else { return examined }
        return examined.map { table in
            var table = table
            for (i, column) in table.table.columns.enumerated() {
                let own = table.findings[i]
                let byValues = own?.isActionable == true
                guard column.kind == .text || column.kind == .other, !column.isGenerated,
                    !byValues || (own?.nameHint == nil && own?.overlaps == nil),
                    schema.referencedColumn(table: table.table.name, column: column.name) == nil
                else { continue }
                let hashes = table.valueHashes[i]
                let name = "\(table.table.name).\(column.name)"
                let best = sources.filter { source in
                    source.name != name && (!byValues || source.finding.nameHint != nil)
                        && (!placeClasses.contains(source.finding.dataClass) || source.table == table.table.name)
                }
                .map { (source: $0, shared: $0.hashes.intersection(hashes).count) }
                .max { $0.shared < $1.shared }
                guard let best, best.shared >= minimumShared else { continue }
                let share = placeClasses.contains(best.source.finding.dataClass) ? minimumPlaceShare : minimumShare
                guard Double(best.shared) >= share * Double(hashes.count) else { continue }
                table.findings[i] = ColumnFinding(
                    dataClass: best.source.finding.dataClass, confidence: .medium, valueHits: best.shared,
                    sampledValues: hashes.count,
                    nameHint: nil, embedded: [], paths: [], valuesDistinct: own?.valuesDistinct ?? false,
                    fewestDigits: best.source.finding.fewestDigits, fiveDigitValues: own?.fiveDigitValues,
                    overlaps: best.source.name)
            }
            return table
        }
    }

    /// The name columns (actionable first, last or full names of their own) and the hashes of their
    /// sampled values' words.
    private static func nameWords(
        _ examined: [TableFindings]
    ) -> (sources: [(name: String, words: Set<Int>)], words: Set<Int>) {
        var sources: [(name: String, words: Set<Int>)] = []
        var words: Set<Int> = []
        for table in examined {
            for (i, column) in table.table.columns.enumerated() {
                guard let finding = table.findings[i], finding.isActionable, finding.overlaps == nil,
                    [.firstName, .lastName, .fullName].contains(finding.dataClass)
                else { continue }
                sources.append(("\(table.table.name).\(column.name)", table.wordHashes[i]))
                words.formUnion(table.wordHashes[i])
            }
        }
        return (sources, words)
    }

    /// Columns with nothing actionable of their own, most of whose sampled values of two to four words
    /// are made only of words of the name columns' sampled values: full names.
    private static func composed(_ examined: [TableFindings], schema: DatabaseSchema) -> [TableFindings] {
        builtFromNames(examined, schema: schema, as: .fullName, values: \.phrases) { $0.isSubset(of: $1) }
    }

    /// Columns with nothing actionable of their own, most of whose sampled values are logins built
    /// from the name columns' words (`SKING` for Steven King, `jsmith42`, `john.smith`): user names,
    /// which spell their owners' names.
    private static func derived(_ examined: [TableFindings], schema: DatabaseSchema) -> [TableFindings] {
        builtFromNames(examined, schema: schema, as: .username, values: \.handleParts) { !$0.isDisjoint(with: $1) }
    }

    /// `examined` with a `dataClass` finding for every text column with nothing actionable of its own
    /// most of whose sampled values (by `values`: per column, each value's word hashes) `match` the
    /// name columns' words; the finding names the name columns whose words they use.
    private static func builtFromNames(
        _ examined: [TableFindings], schema: DatabaseSchema, as dataClass: PersonalDataClass,
        values: KeyPath<TableFindings, [[Set<Int>]]>, match: (Set<Int>, Set<Int>) -> Bool
    ) -> [TableFindings] {
        let (sources, words) = nameWords(examined)
        guard !words.isEmpty else { return examined }
        return examined.map { table in
            var table = table
            for (i, column) in table.table.columns.enumerated() {
                let candidates = table[keyPath: values][i]
                guard column.kind == .text || column.kind == .other, !column.isGenerated,
                    table.findings[i]?.isActionable != true, candidates.count >= minimumShared,
                    schema.referencedColumn(table: table.table.name, column: column.name) == nil
                else { continue }
                let built = candidates.filter { match($0, words) }
                guard built.count >= minimumShared, Double(built.count) >= minimumShare * Double(table.sampledValues[i])
                else { continue }
                let own = "\(table.table.name).\(column.name)"
                let used = built.reduce(into: Set<Int>()) { $0.formUnion($1) }.intersection(words)
                table.findings[i] = ColumnFinding(
                    dataClass: dataClass, confidence: .medium, valueHits: built.count,
                    sampledValues: table.sampledValues[i], nameHint: nil, embedded: [], paths: [],
                    valuesDistinct: table.sampledValues[i] >= 2 && table.valueHashes[i].count == table.sampledValues[i],
                    fewestDigits: nil,
                    composedOf: sources.filter { $0.name != own && !$0.words.isDisjoint(with: used) }.map(\.name))
            }
            return table
        }
    }
}
