/// The audit report's account of a subset run (`MaskPredicate.Subset`): data minimisation under
/// A 8.33, what was kept of the source and how the slice was chosen.
enum SubsetReport {
    static func blocks(_ subset: MaskPredicate.Subset) -> [ReportBlock] {
        let (kept, source) = subset.selectiveRows
        let roots = subset.roots.map { "\($0.table) where \($0.predicate)" }.joined(separator: "; ")
        var fields: [(label: String, value: [ReportInline])] = [
            (
                "Subset (A 8.33, data minimisation)",
                [
                    .text(
                        "\(kept) of \(source) rows kept in the \(subset.tables.filter { $0.sourceRows != nil }.count) tables cut or trimmed; "
                            + "every foreign key of the target validated")
                ]
            ),
            ("Roots", [.text(roots)]),
        ]
        if !subset.trimParents.isEmpty {
            fields.append(("Trimmed parents", [.text(subset.trimParents.joined(separator: ", "))]))
        }
        fields.append(
            ("Keys followed", [.text(subset.followed.isEmpty ? "—" : subset.followed.joined(separator: "; "))]))
        if !subset.breaks.isEmpty {
            fields.append(
                (
                    "Keys broken (set NULL)",
                    [.text(subset.breaks.map { "\($0.column) in \($0.setNull) rows" }.joined(separator: "; "))]
                ))
        }
        if subset.vocabulary == "kept" {
            fields.append(
                (
                    "Run vocabulary",
                    [.text("learnt from the kept rows only (subset vocabulary: kept), not from every source row")]
                ))
        }
        if !subset.cycles.isEmpty {
            fields.append(
                (
                    "Cycles iterated to a fixed point",
                    [.text(subset.cycles.map { $0.joined(separator: " ⇄ ") }.joined(separator: "; "))]
                ))
        }
        return [
            .fields(fields),
            .table(
                headers: ["Table", "Subset role", "Rows kept", "Rows in the source"],
                rows: subset.tables.map { table in
                    [
                        [.text(table.table)], [.text(table.role)], [.text("\(table.keptRows)")],
                        [.text(table.sourceRows.map(String.init) ?? "copied whole")],
                    ]
                }),
        ]
    }
}
