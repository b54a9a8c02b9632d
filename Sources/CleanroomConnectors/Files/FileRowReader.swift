import CleanroomCore

/// Turns a file's records into COPY text rows, one record at a time.
protocol RecordDecoder {
    /// Appends the next record as one row to `batch`; false at the end of the file.
    mutating func appendNextRow(to batch: inout RowBatch) throws -> Bool
}

/// A `RowReader` over a file: batches of about `RowBatch.targetBytes`, at most `limit` rows.
final class FileRowReader<Decoder: RecordDecoder>: RowReader {
    /// nil once the file is done or the reader closed; releasing it closes the file.
    private var decoder: Decoder?
    private var remaining: Int

    init(decoder: Decoder, limit: Int?) {
        self.decoder = decoder
        remaining = limit ?? .max
    }

    func next() throws -> RowBatch? {
        guard decoder != nil else { return nil }
        var batch = RowBatch.reusingBuffer()
        while !batch.isFull {
            guard remaining > 0, try decoder!.appendNextRow(to: &batch) else {
                close()
                break
            }
            remaining -= 1
        }
        return batch.rowCount == 0 ? nil : batch
    }

    func close() {
        decoder = nil
    }
}
