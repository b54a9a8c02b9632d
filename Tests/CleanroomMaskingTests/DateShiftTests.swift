import Foundation
import Testing

@testable import CleanroomMasking

@Suite("Date shifting")
struct DateShiftTests {
    static func shifted(_ value: String, _ days: Int) -> String? {
        DateShift.shift(bytes(value), days: days).map { text($0) }
    }

    @Test("month ends, year ends and leap days, including the century rules")
    func calendarBoundaries() {
        #expect(Self.shifted("2024-02-28", 1) == "2024-02-29")
        #expect(Self.shifted("2024-02-28", 2) == "2024-03-01")
        #expect(Self.shifted("2023-02-28", 1) == "2023-03-01")
        #expect(Self.shifted("2024-03-01", -1) == "2024-02-29")
        #expect(Self.shifted("2024-12-31", 1) == "2025-01-01")
        #expect(Self.shifted("2025-01-01", -1) == "2024-12-31")
        #expect(Self.shifted("2024-01-31", 30) == "2024-03-01")
        #expect(Self.shifted("2024-04-30", 1) == "2024-05-01")
        #expect(Self.shifted("2000-02-28", 1) == "2000-02-29")
        #expect(Self.shifted("1900-02-28", 1) == "1900-03-01")
        #expect(Self.shifted("2100-02-28", 1) == "2100-03-01")
        #expect(Self.shifted("2000-02-29", 365) == "2001-02-28")
        #expect(Self.shifted("2024-02-29", -366) == "2023-02-28")
        #expect(Self.shifted("1999-12-31", 0) == "1999-12-31")
        #expect(Self.shifted("0001-01-02", -1) == "0001-01-01")
        #expect(Self.shifted("0001-01-01", -1) == nil)
        #expect(Self.shifted("9999-12-31", 1) == nil)
        #expect(Self.shifted("2024-01-01", Int.max) == nil)
    }

    @Test("timestamps keep their time, fraction and zone bytes exactly")
    func timestamps() {
        #expect(Self.shifted("2024-02-29 13:45:00.123456+01", 1) == "2024-03-01 13:45:00.123456+01")
        #expect(Self.shifted("2024-02-29T23:59:59Z", -60) == "2023-12-31T23:59:59Z")
        #expect(Self.shifted("2024-01-31 08:00:00-05:30", 30) == "2024-03-01 08:00:00-05:30")
        #expect(Self.shifted("2024-01-31T08:00:00.5+0200", 1) == "2024-02-01T08:00:00.5+0200")
        #expect(Self.shifted("2024-01-31 08:00", 1) == "2024-02-01 08:00")
        #expect(Self.shifted("2024-06-30 23:59:60", 1) == "2024-07-01 23:59:60")
        #expect(Self.shifted("1900-01-01 00:00:00+00:53:28", -1) == "1899-12-31 00:00:00+00:53:28")
    }

    @Test("the slash form keeps its own style of month and day digits")
    func slashForm() {
        #expect(Self.shifted("2024/1/31", 1) == "2024/2/1")
        #expect(Self.shifted("2024/1/9", 1) == "2024/1/10")
        #expect(Self.shifted("2024/01/31", 1) == "2024/02/01")
        #expect(Self.shifted("2024/10/5", 30) == "2024/11/4")
        #expect(Self.shifted("2024/12/31", 1) == "2025/1/1")
        #expect(Self.shifted("2024/2/28 10:00:00", 1) == "2024/2/29 10:00:00")
    }

    @Test("PostgreSQL's infinity and -infinity name no day: they stay as they are")
    func infinities() {
        #expect(Self.shifted("infinity", 30) == "infinity")
        #expect(Self.shifted("-infinity", -30) == "-infinity")
    }

    @Test("anything else is left to the caller: nil")
    func unparseable() {
        for value in [
            "", "hello", "2024-13-01", "2024-00-10", "2024-02-30", "2023-02-29", "2024-1-5", "24-01-05",
            "2024-01-05x", "2024-01-05 25:00:00", "2024-01-05 10:60", "2024-01-05 10:00:00+", "2024-01-05 10:00:00.+01",
            "2024-01-05 10:00:00+1", "2024-01-05 10:00:00+0100:00", "2024-01-05 10:00:00+01:00:6",
            "2024-01-05 10:00:00ZZ", "0000-01-01", "2024/1/", "2024/123/1", "2024-01-05T",
            "2024.01.05", "2024-01-05  10:00", " 2024-01-05", "2024-01-05 10:00:00 BC", "Infinity", "+infinity",
            "12024-01-05",
        ] {
            #expect(DateShift.shift(bytes(value), days: 3) == nil, "\(value)")
        }
    }

    @Test("day numbers agree with Foundation's Gregorian calendar over thousands of random dates and shifts")
    func againstFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        #expect(CivilDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CivilDate(dayNumber: -1) == CivilDate(year: 1969, month: 12, day: 31))
        var rng = TestDigests(count: 0, seed: 11)
        for _ in 0..<3000 {
            let year = 1700 + Int(rng.nextWord() % 700)
            let month = 1 + Int(rng.nextWord() % 12)
            let day = 1 + Int(rng.nextWord() % UInt64(CivilDate.daysIn(month: month, year: year)))
            let days = Int(rng.nextWord() % 7301) - 3650
            let original = String(format: "%04d-%02d-%02d", year, month, day)
            let start = try #require(calendar.date(from: DateComponents(year: year, month: month, day: day)))
            let expected = calendar.dateComponents(
                [.year, .month, .day], from: try #require(calendar.date(byAdding: .day, value: days, to: start)))
            let shifted = try #require(Self.shifted(original, days))
            #expect(
                shifted == String(format: "%04d-%02d-%02d", expected.year!, expected.month!, expected.day!),
                "\(original) + \(days)")
            #expect(Self.shifted(shifted, -days) == original)
        }
    }

    @Test("offsets are never zero, stay within ±maxDays and cover the whole range")
    func offsets() {
        var seen: Set<Int> = []
        for digest in TestDigests(count: 10_000) {
            let offset = DateShift.offset(digest: digest, maxDays: 30)
            #expect(offset != 0 && (-30...30).contains(offset))
            #expect(DateShift.offset(digest: digest, maxDays: 30) == offset)
            seen.insert(offset)
            #expect([-1, 1].contains(DateShift.offset(digest: digest, maxDays: 1)))
        }
        #expect(seen.count == 60)
        #expect(DateShift.offset(digest: [UInt8](repeating: 7, count: 32), maxDays: 0) == 0)
    }
}
