import CleanroomEvidence
import Foundation
import Testing

/// `RunActor` and `CIIdentity`: what they read, and how they encode in a statement.
@Suite("Run actor")
struct RunActorTests {
    @Test("detection reads the documented variables; an empty one counts as unset")
    func detection() {
        #expect(CIIdentity.detect([:]) == nil)
        #expect(CIIdentity.detect(["CI": "true"]) == nil)
        #expect(CIIdentity.detect(["GITHUB_ACTIONS": ""]) == nil)
        let github = CIIdentity.detect(["GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "octocat"])
        #expect(github == CIIdentity(system: "github-actions", actor: "octocat"))
        #expect(github?.summary == "GitHub Actions: octocat")
        let jenkins = CIIdentity.detect([
            "JENKINS_URL": "https://ci.example/", "BUILD_TAG": "jenkins-app-12", "JOB_NAME": "app",
            "BUILD_URL": "https://ci.example/job/app/12/",
        ])
        #expect(jenkins?.system == "jenkins" && jenkins?.runID == "jenkins-app-12" && jenkins?.actor == nil)
        #expect(jenkins?.summary == "Jenkins: run jenkins-app-12 of app")
        #expect(RunActor(user: "runner", ci: github).summary == "runner (GitHub Actions: octocat)")
    }

    @Test("an actor is an optional field: statements without one encode as before, with one it round-trips")
    func encoding() throws {
        let plain = Fixtures.maskStatement(1)
        #expect(!String(decoding: try EvidenceJSON.encode(plain), as: UTF8.self).contains("actor"))
        var signed = plain
        signed.predicate.header.actor = RunActor(
            user: "runner", ci: CIIdentity(system: "gitlab-ci", actor: "ada", runID: "77", repository: "group/app"))
        let bytes = try EvidenceJSON.encode(signed)
        #expect(
            String(decoding: bytes, as: UTF8.self).contains(
                #""actor":{"ci":{"actor":"ada","repository":"group/app","runID":"77","system":"gitlab-ci"},"user":"runner"}"#
            ))
        #expect(try EvidenceJSON.decode(Statement<MaskPredicate>.self, from: bytes) == signed)
    }

    @Test("the recorder writes its actor into statements that name none, and leaves one that does")
    func recorder() throws {
        let (directory, _, key, publicKey) = try Fixtures.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        var recorder = try EvidenceRecorder(
            ledgerPath: directory.appendingPathComponent("ledger.jsonl").path, signingKey: key, toolVersion: "0.1.0")
        try recorder.append(Fixtures.maskStatement(1))
        recorder.actor = RunActor(user: "alice")
        try recorder.append(Fixtures.maskStatement(2))
        var named = Fixtures.maskStatement(3)
        named.predicate.header.actor = RunActor(user: "bob")
        try recorder.append(named)
        let report = try recorder.ledger.verify(publicKey: publicKey)
        #expect(report.isValid)
        #expect(report.records.map { $0.statement?.header.actor?.user } == [nil, "alice", "bob"])
    }
}
