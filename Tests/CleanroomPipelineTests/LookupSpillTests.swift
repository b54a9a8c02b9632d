import Foundation
import Testing

@testable import CleanroomPipeline

@Suite("Leak-probe lookup spill file")
struct LookupSpillTests {
    @Test("records come back in the order written, across more than one read chunk")
    func roundTrip() throws {
        let spill = try LookupSpill()
        let count = 150_000  // the reader takes 65,536 records at a time
        let records = (0..<count).map(Self.record)
        for start in stride(from: 0, to: count, by: 10_000) {
            try spill.append(Array(records[start..<min(count, start + 10_000)]))
        }
        var seen = 0
        try spill.forEach { record in
            let expected = records[seen]
            #expect(
                record.key == expected.key && record.column == expected.column
                    && record.occurrences == expected.occurrences)
            seen += 1
        }
        #expect(seen == count)
    }

    static func record(_ i: Int) -> LookupSpill.Record {
        let n = UInt64(i)
        let key = LeakProbe.Key(filter: n, check: n &* 0x9E37_79B9_7F4A_7C15)
        return LookupSpill.Record(key: key, column: UInt32(i % 7), occurrences: UInt32(i % 3 + 1))
    }

    @Test("a scratch folder that cannot be written fails with an error naming it")
    func unwritableFolder() {
        let folder = "/nonexistent-\(UUID().uuidString)"
        #expect {
            _ = try LookupSpill(directory: folder)
        } throws: { error in
            guard case PipelineError.scratchFileFailed(let directory, _, _) = error else { return false }
            return directory == folder && "\(error)".contains(folder) && "\(error)".contains("TMPDIR")
        }
    }
}
