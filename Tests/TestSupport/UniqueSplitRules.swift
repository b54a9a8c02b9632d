import CleanroomMasking

extension Fixtures {
    /// Rules for a `person` table with unique masked columns (`code` as a keyed number of `digits`
    /// digits, so first draws collide as often as the test wants, and a fake e-mail) and
    /// `shift_date … per:`, and a `visit` table whose foreign key shares `code`'s domain: what the
    /// tests of tables split between workers mask.
    public static func uniqueSplitRules(digits: Int) throws -> RulesFile {
        try RulesParser.parse(
            """
            version: 1
            tables:
              person:
                columns:
                  id: keep
                  code: { hash: { format: number, length: \(digits) }, unique: true }
                  email: { fake: email, unique: true }
                  born: { shift_date: { days: 100, per: code } }
                  note: keep
              visit:
                columns:
                  id: keep
                  person_code: { hash: { format: number, length: \(digits) }, unique: true }
                  at: { shift_date: { days: 100, per: person_code } }
            """, path: "unique-split.yaml")
    }
}
