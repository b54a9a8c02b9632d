import CleanroomConnectors
import CleanroomCore
import CleanroomEvidence
import CleanroomMasking

/// What a worker checks in the rows it has just masked, before they go to the target: the table's
/// digest, whether every value is in the form the target prints it in (`OutputForm`), the leak
/// probe's lookups (recorded in a `LookupSpill`, made after the copy) and PII patterns in kept text
/// columns. One audit per worker and table; `merge` adds them up.
struct OutputAudit {
    /// The digest of the rows as written.
    private(set) var digest = TableDigest()
    /// Whether every column and value prints back as written (see `OutputForm`), so `digest` is the
    /// digest the target will show.
    private(set) var printsBack: Bool
    /// Values looked up in the leak probe.
    private(set) var checked = 0
    /// PII pattern findings in kept text columns, by `table.column:class`.
    private(set) var patternHits: [String: Int] = [:]
    /// The word-level probe of the checked columns, when the run learnt a vocabulary.
    private(set) var tokens: TokenAudit?

    private let table: String
    private let columns: [String]
    private let tableID: UInt32
    private let forms: [OutputForm]
    private let checks: [Bool]
    private let scans: [Bool]
    /// Per column: its transform writes fakes into kept text (`TokenVocabulary.probedWords`).
    private let writesFakes: [Bool]
    /// Per checked column whose transform carries text (redact, json, partial, template): its place
    /// among those columns, whose outputs are looked up only where equal to their input (`BatchInputs`).
    private let carriedSlots: [Int?]
    /// The columns `carriedSlots` lists, in order.
    private let carried: [Int]
    /// The columns looked at value by value.
    private let inspected: [Int]
    private let probe: LeakProbe
    /// Lookups not yet written, and a small cache that folds repeated values of a column (status
    /// codes, countries) into one record with a count.
    private var pending: [LookupSpill.Record] = []
    private var recent: [LookupSpill.Record?] = Array(repeating: nil, count: OutputAudit.recentSlots)
    private var scratch: [UInt8] = []

    static let recentSlots = 1024
    /// Kept text is scanned for every class of personal data the redactor finds by its pattern.
    static let patternClasses = RedactClass.patterns

    /// - Parameter printForms: how the target prints back the written rows, when the source and the
    ///   target are such that they can print back unchanged at all (`TargetTraits.printsBack(from:)`).
    init(
        _ planned: PlannedTable, tableID: Int, probe: LeakProbe, vocabulary: TokenVocabulary?,
        printForms: PrintForms?
    ) {
        table = planned.table.name.description
        tokens = vocabulary.map { TokenAudit(vocabulary: $0, table: planned.table.name.description) }
        columns = planned.columns.map(\.column.name)
        self.tableID = UInt32(tableID)
        self.probe = probe
        forms = planned.columns.map { column in printForms.map { OutputForm.of(column, printing: $0) } ?? .unknown }
        checks = planned.columns.map { !planned.rule.isReference && ProbePolicy.checksOutput($0) }
        scans = planned.columns.map(ProbePolicy.scansPatterns)
        let writesFakes = planned.columns.map { $0.rule.transform.transform.probeRole == .carriesText }
        self.writesFakes = writesFakes
        let written = planned.table.columns.filter { !$0.isGenerated }.map(\.name)
        printsBack = printForms != nil && written == columns && !forms.contains(.unknown)
        repeats = Array(repeating: [:], count: planned.columns.count)
        let (forms, checks, scans) = (forms, checks, scans)
        carried = planned.columns.indices.filter { checks[$0] && writesFakes[$0] }
        var slots = [Int?](repeating: nil, count: planned.columns.count)
        for (slot, column) in carried.enumerated() { slots[column] = slot }
        carriedSlots = slots
        inspected = planned.columns.indices.filter { i in
            if checks[i] || scans[i] { return true }
            if case .checked = forms[i] { return true }
            return false
        }
    }

    /// The table's index in the plan and the column's in the table, as spill records name a column.
    static func columnID(table: UInt32, column: Int) -> UInt32 {
        table << 16 | UInt32(column)
    }

    /// The columns these audits cover that are scanned for PII patterns.
    var scannedColumns: Int { scans.filter { $0 }.count }

    /// Audits a masked batch; lookups are handed to `spill` now and then.
    /// - Parameter source: the batch before masking, or nil when the masker passed it through.
    mutating func audit(_ batch: RowBatch, source: RowBatch?, spill: LookupSpill) throws {
        guard !inspected.isEmpty else {
            digest.add(batch)
            return
        }
        let inputs = source.flatMap { carried.isEmpty ? nil : BatchInputs($0, columns: carried) }
        var row = -1
        batch.forEachRow { fields in
            row += 1
            guard let first = fields.first, let last = fields.last else { return }
            digest.addRow(
                UnsafeRawBufferPointer(
                    start: first.baseAddress, count: last.baseAddress! + last.count - first.baseAddress!))
            for i in inspected where i < fields.count {
                if printsBack, case .checked(let shape) = forms[i], !shape.matches(fields[i]) { printsBack = false }
                guard (checks[i] || scans[i]) && !CopyText.isNull(fields[i]) else { continue }
                CopyText.unescape(fields[i], replacing: &scratch)
                let value: Seen
                if let known = repeats[i]?[scratch] {
                    value = known
                } else {
                    value = inspect(column: i)
                    remember(value, column: i)
                }
                if let key = value.key,
                    carriedSlots[i].map({ inputs?.held(row: row, slot: $0, scratch) ?? true }) ?? true
                {
                    lookUpLater(key, column: i)
                }
                if let words = value.words {
                    tokens?.note(checked: words.checked, flagged: words.flagged, row: row, column: i)
                }
                for pattern in value.patterns {
                    patternHits["\(table).\(columns[i]):\(pattern.rawValue)", default: 0] += 1
                }
            }
        }
        tokens?.settle(source: source, columns: columns)
        if pending.count >= 4096 {
            try spill.append(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// What the value in `scratch` of checked or scanned column `i` gives. A value that reads as a
    /// place's name, or is one common word, is public vocabulary (`NameLexicon.isPublicValue`): neither
    /// it nor its words are probed.
    private mutating func inspect(column i: Int) -> Seen {
        let isPublic = checks[i] && NameLexicon.isPublicValue(scratch)
        return Seen(
            key: checks[i] && !isPublic ? scratch.withUnsafeBytes { probe.key($0) } : nil,
            patterns: scans[i] ? Redactor.findings(scratch, classes: Self.patternClasses).map(\.0) : [],
            words: checks[i] && !isPublic ? tokens?.words(in: scratch, fakes: writesFakes[i]) : nil)
    }

    /// What a value of a checked or scanned column gave: its probe key (nil when not probed) and the
    /// PII patterns found in it.
    private struct Seen {
        var key: LeakProbe.Key?
        var patterns: [RedactClass]
        /// The words looked up and those the run vocabulary flags (see `TokenAudit`).
        var words: (checked: Int, flagged: [[UInt8]])?
    }

    /// Per inspected column, the values seen so far while there are few of them (status codes,
    /// payment methods), so a repeated value is neither hashed nor scanned again; nil once a column
    /// shows more than `repeatLimit` distinct values.
    private var repeats: [[[UInt8]: Seen]?]
    static let repeatLimit = 64

    private mutating func remember(_ seen: Seen, column i: Int) {
        guard repeats[i] != nil else { return }
        if repeats[i]!.count >= Self.repeatLimit {
            repeats[i] = nil
        } else {
            repeats[i]![scratch] = seen
        }
    }

    /// Records the lookup of `key`, found in column `i`.
    private mutating func lookUpLater(_ key: LeakProbe.Key, column i: Int) {
        checked += 1
        let column = Self.columnID(table: tableID, column: i)
        let slot = Int(truncatingIfNeeded: (key.filter ^ UInt64(column)) % UInt64(Self.recentSlots))
        if let held = recent[slot], held.key == key, held.column == column, held.occurrences < UInt32.max {
            recent[slot]?.occurrences += 1
            return
        }
        if let held = recent[slot] { pending.append(held) }
        recent[slot] = LookupSpill.Record(key: key, column: column, occurrences: 1)
    }

    /// Writes what is still held to `spill`.
    mutating func flush(to spill: LookupSpill) throws {
        pending.append(contentsOf: recent.compactMap { $0 })
        recent = Array(repeating: nil, count: Self.recentSlots)
        try spill.append(pending)
        pending.removeAll()
    }

    /// Adds another worker's audit of the same table.
    /// Makes the run read the table back for its digest, whatever the written rows print as.
    mutating func requireReadBack() {
        printsBack = false
    }

    mutating func merge(_ other: OutputAudit) {
        digest.merge(other.digest)
        printsBack = printsBack && other.printsBack
        checked += other.checked
        patternHits.merge(other.patternHits, uniquingKeysWith: +)
        if let other = other.tokens { tokens?.merge(other) }
    }
}
