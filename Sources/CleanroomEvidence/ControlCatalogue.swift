/// One ISO/IEC 27001:2022 Annex A control as the audit report presents it: objective, owner, and the
/// guidance points Cleanroom serves with their risk, technical control and evidence.
public struct Control: Sendable, Hashable {
    /// The Annex A reference, e.g. `A 8.33`.
    public var id: String
    public var title: String
    /// What the control is for, in one or two sentences.
    public var objective: String
    /// The role accountable for the control (a role, not a person).
    public var owner: String
    public var points: [ControlPoint]
    /// The kinds of run whose records evidence this control.
    public var evidencedBy: Set<RunKind>

    public init(
        id: String, title: String, objective: String, owner: String, points: [ControlPoint],
        evidencedBy: Set<RunKind>
    ) {
        self.id = id
        self.title = title
        self.objective = objective
        self.owner = owner
        self.points = points
        self.evidencedBy = evidencedBy
    }

    /// The HTML id of the control's section, e.g. `control-a-8-33`.
    public var anchor: String {
        var slug = ""
        for character in id.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return "control-" + slug
    }
}

/// One guidance point of a control: what is asked, the risk, how Cleanroom meets it, what proves it.
/// Text between backticks renders as code.
public struct ControlPoint: Sendable, Hashable {
    public var guidance: String
    public var risk: String
    public var technicalControl: String
    public var evidence: String

    public init(guidance: String, risk: String, technicalControl: String, evidence: String) {
        self.guidance = guidance
        self.risk = risk
        self.technicalControl = technicalControl
        self.evidence = evidence
    }
}

/// The controls Cleanroom's evidence serves, paraphrasing ISO/IEC 27002:2022 guidance (see CONTROLS.md).
public enum ControlCatalogue {
    /// A 8.33, A 8.11, A 8.31, A 8.10 and A 8.15 / A 5.33, in the order the report shows them.
    public static let controls: [Control] = [testInformation, dataMasking, separation, deletion, records]

    static let testInformation = Control(
        id: "A 8.33", title: "Test information",
        objective:
            "Operational data used for testing is chosen, protected and managed: every copy into a test environment is authorised, traceable, protected like production and removed when testing ends.",
        owner: "Data platform owner",
        points: [
            ControlPoint(
                guidance: "Each copy of operational data into a test environment is authorised.",
                risk: "Personal data spreading into test systems without anyone approving it.",
                technicalControl:
                    "Templates can demand `--authorization REF`; without it the copy is refused with exit status 3.",
                evidence: "The authorisation reference inside each run's signed statement."),
            ControlPoint(
                guidance:
                    "Only the operational data the test needs is copied (data minimisation).",
                risk:
                    "A whole production database copied where a slice would do, exposing more people than the test needs.",
                technicalControl:
                    "A rules file's `subset:` copies the rows its roots select and the rows they touch, with every foreign key of the target validated by the database.",
                evidence:
                    "The subset in the run's signed statement: roots and predicates, keys followed and broken, rows kept of rows in the source per table."
            ),
            ControlPoint(
                guidance: "Copying and use of operational data leave an audit trail.",
                risk: "Copies that no one can account for.",
                technicalControl:
                    "Every mask, provision and teardown appends a signed record to the hash-chained ledger.",
                evidence:
                    "Ledger entries stating when, from which source identity, into which environment and under which rules digest."
            ),
            ControlPoint(
                guidance: "Test environments are protected by access controls as strict as production's.",
                risk: "The test copy becoming the weakest way in.",
                technicalControl: "One least-privilege owner role per environment; CONNECT revoked from PUBLIC.",
                evidence: "Role and grants in the statement, re-checked by `cleanroom evidence verify --check-target`."),
            ControlPoint(
                guidance: "Operational data leaves the test environment as soon as testing is over.",
                risk: "Forgotten copies outliving their purpose.",
                technicalControl: "Every environment has a time to live; `teardown` and `gc` remove it.",
                evidence: "A signed erasure record stating when and what was dropped."),
        ],
        evidencedBy: [.mask, .provision, .teardown, .gc])

    static let dataMasking = Control(
        id: "A 8.11", title: "Data masking",
        objective:
            "Sensitive data is masked as policy and business need require, so that what reaches development and test cannot be traced back to people by anyone without the key.",
        owner: "Data protection lead",
        points: [
            ControlPoint(
                guidance:
                    "Sensitive values are removed or masked (pseudonymised, anonymised, substituted, nulled or hashed) so that unauthorised people cannot reconstruct them.",
                risk: "People re-identified from test data.",
                technicalControl:
                    "Keyed transforms (HMAC-SHA256, FF1) under a secret masking key; a column without a rule stops the run before anything is written.",
                evidence:
                    "The per-column transform table, the masking key's fingerprint (never the key) and coverage of every column."
            ),
            ControlPoint(
                guidance: "The adequacy of masking is checked.",
                risk: "A rule that lets real values through.",
                technicalControl:
                    "Leak probe: no source value of a masked column may appear in the output, and kept text columns are scanned for personal-data patterns.",
                evidence: "The probe's counts in the statement; any hit fails the run."),
        ],
        evidencedBy: [.mask, .provision])

    static let separation = Control(
        id: "A 8.31", title: "Separation of development, test and production environments",
        objective:
            "Development, test and production are kept apart so that activity in one can neither damage nor expose another.",
        owner: "Platform engineering lead",
        points: [
            ControlPoint(
                guidance: "Environments are separated and no testing happens in production.",
                risk: "Test activity damaging production.",
                technicalControl:
                    "Guards refuse a target classified production and a target that is the source (same server identity and database).",
                evidence: "Every guard's decision in the statement."),
            ControlPoint(
                guidance:
                    "Sensitive information is not copied into development or test unless equivalent protection applies there.",
                risk: "Production data sitting in weakly protected environments.",
                technicalControl:
                    "Masking is the only way into an environment; there is no unmasked provisioning mode.",
                evidence: "Coverage and leak-probe evidence for every environment."),
            ControlPoint(
                guidance: "Environments are clearly labelled to prevent mistakes.",
                risk: "Working in the wrong environment.",
                technicalControl:
                    "Each environment database carries a label (name prefix and database comment) naming template, classification and expiry.",
                evidence: "The label recorded in the statement and re-verified."),
        ],
        evidencedBy: [.mask, .provision])

    static let deletion = Control(
        id: "A 8.10", title: "Information deletion",
        objective: "Information is deleted once it is no longer needed, and the deletion can be shown.",
        owner: "Data platform owner",
        points: [
            ControlPoint(
                guidance: "Information no longer required is deleted and the deletion recorded.",
                risk: "Data kept longer than its purpose needs.",
                technicalControl: "Teardown drops the environment's database and role, or removes its SQLite files.",
                evidence: "The signed erasure record in the ledger.")
        ],
        evidencedBy: [.teardown, .gc])

    static let records = Control(
        id: "A 8.15 / A 5.33", title: "Logging; protection of records",
        objective:
            "Records of activity are produced, kept and protected so that they cannot be changed or removed unnoticed.",
        owner: "Information security manager",
        points: [
            ControlPoint(
                guidance: "Logs and records are protected against tampering.",
                risk: "Evidence edited after the fact.",
                technicalControl:
                    "Each record is a DSSE envelope signed with Ed25519; each ledger entry carries the digest of the entry before it.",
                evidence:
                    "The verification verdict at the top of this report, reproducible with `cleanroom evidence verify`, `scripts/verify_evidence.py` or any DSSE verifier."
            )
        ],
        evidencedBy: Set(RunKind.allCases))
}
