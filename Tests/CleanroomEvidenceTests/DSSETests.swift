import CleanroomEvidence
import Testing

@Suite("DSSE")
struct DSSETests {
    @Test("PAE matches the DSSE v1 specification's example")
    func pae() {
        let pae = DSSE.preAuthenticationEncoding(
            payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }
}
