import CleanroomMasking
import Testing

/// What the leak probe takes for public vocabulary rather than a person's value (`NameLexicon`).
@Suite("Public values: places, lists of places, common words")
struct PublicValueTests {
    private func isPublic(_ text: String) -> Bool { NameLexicon.isPublicValue(Array(text.utf8)) }

    @Test(
        "places, lists of places and single common words are public",
        arguments: [
            "Chicago", "New York", "Chicago, Illinois, US", "United States, India, Japan, Jordan",
            "Soviet Union, West Germany", "Czech Republic, Slovakia",
            "Toronto, Canada", "Perfume", "Action",
        ])
    func publicValues(text: String) {
        #expect(isPublic(text))
    }

    @Test(
        "names, lists holding a name, numbers and longer phrases are not",
        arguments: [
            "Rose", "Derek Albright", "Chicago, Derek Albright", "Qwertyville, Illinois, US", "12 Chicago Road",
            "Perfume and other things", "Vrzalovka",
        ])
    func personalValues(text: String) {
        #expect(!isPublic(text))
    }
}
