import CleanroomMasking

extension MaskingPlan {
    /// This plan with the collisions of its first table's `unique: true` columns resolved over
    /// `rows` (decoded values, in the table's column order), as a run resolves them over every source
    /// value before the copy.
    func resolvingUnique(over rows: [[String?]]) throws -> MaskingPlan {
        let unique = try UniqueDomains(self)
        let stores = unique.domains.map { _ in FirstDrawsInMemory() }
        var feed = unique.feed(table: 0, into: stores)
        for row in rows {
            for (i, column) in feed.columns.enumerated() {
                guard let value = row[column] else { continue }
                Array(value.utf8).withUnsafeBufferPointer { feed.add(i, $0) }
            }
        }
        try feed.flush()
        return try MaskingPlan(
            rules: validated, key: key, vocabulary: vocabulary, uniqueDraws: unique.resolve(stores))
    }
}
