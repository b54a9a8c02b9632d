import CleanroomMasking

/// What copying some of a run's tables produced (`MaskRun.copy(tables:)`), and everything
/// `MaskRun.finish` needs from it: each table's outcome and column statistics, the audit of its
/// written rows (digest, print-back, pattern hits), the leak probe's filter of the masked source
/// values it carried, and the output values it wants looked up in the filter.
///
/// All of it merges: parts of a run copied apart (another thread, later another machine) are
/// handed to `finish` together, which merges them into one. A table may be copied in shares
/// (`TableShare`) by several parts: table digests add up and statistics sum per table; filters
/// keyed with the run's secret are unions; lookups are appended.
public struct CopyPart {
    /// The copied tables by their index in the plan.
    var tables: [Int: PartTable]
    /// The masked source values these tables carried, keyed with the run's secret.
    let probe: LeakProbe
    /// The output values these tables' audits want looked up once every part is in the filter.
    let lookups: LookupSpill

    /// The tables this part copied, as the run names them.
    public var tableNames: [String] { tables.keys.sorted().compactMap { tables[$0]?.outcome.table } }

    /// The parts as one, shares of a table merged into it. `parts` are left as they were (one part
    /// is returned as it is).
    /// - Throws: `PipelineError.partsDoNotFit` when a part belongs to another run or two parts hold
    ///   the same table or share (`PartTable.merging(_:)`).
    static func merging(_ parts: [CopyPart]) throws -> CopyPart {
        guard let first = parts.first else {
            throw PipelineError.partsDoNotFit(reason: "there is no copied part to finish")
        }
        guard parts.count > 1 else { return first }
        let (secret, filterBytes) = (first.probe.runSecret, first.probe.filterBytes)
        var merged = CopyPart(
            tables: [:], probe: LeakProbe(filterBytes: filterBytes, secret: secret),
            lookups: try LookupSpill())
        for part in parts {
            guard part.probe.runSecret == secret, part.probe.filterBytes == filterBytes else {
                throw PipelineError.partsDoNotFit(reason: "a part was copied by another run")
            }
            for (index, table) in part.tables {
                merged.tables[index] = try merged.tables[index].map { try $0.merging(table) } ?? table
            }
            merged.probe.formUnion(part.probe)
            try merged.lookups.append(contentsOf: part.lookups)
        }
        return merged
    }
}
