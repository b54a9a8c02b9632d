import Testing

@testable import CleanroomMasking

@Suite("Which columns feed the run vocabulary, by their name")
struct VocabularyFeedTests {
    @Test("column names hint at the vocabulary's feeds, split as scan's name hints split them")
    func feedsByName() {
        for name in ["first_name", "LastName", "contact_name", "surname", "user_login", "Address1", "street"] {
            #expect(VocabularyFeed.byName(name) == .words, "\(name)")
        }
        for name in ["email", "EmailAddress", "work_mail"] {
            #expect(VocabularyFeed.byName(name) == .emailLocalPart, "\(name)")
        }
        for name in ["product_name", "ip_address", "status", "file_name", "name"] {
            #expect(VocabularyFeed.byName(name) == nil, "\(name)")
        }
        #expect(ColumnNameWords.split("HTTPStatus_code2") == ["http", "status", "code", "2"].map { Array($0.utf8) })
    }
}
