import Foundation

/// Walks a JSON document and counts each string it holds under its path, written the way `json`
/// rules write paths: `$.contact.email`, `$.phones[*]`, `$['first name']`.
///
/// Array elements share one path (`[*]`). A member name that could itself be personal data (it holds
/// `@`, digits only, is longer than 64 bytes, or looks like a name, e-mail, phone … by itself) is not
/// written out: it becomes `*`, so no sampled text reaches a path. Parsing uses Foundation: a scan reads a bounded sample, not the data path.
enum JSONDocumentWalker {
    /// The deepest nesting followed.
    static let maximumDepth = 32

    /// Adds the strings of `document` to `paths`; false, leaving `paths` untouched, when the bytes are
    /// not a JSON object or array.
    static func walk(
        _ document: ArraySlice<UInt8>, into paths: inout [String: JSONPathTally], maximumPaths: Int
    ) -> Bool {
        guard let root = try? JSONSerialization.jsonObject(with: Data(document)),
            root is [String: Any] || root is [Any]
        else { return false }
        visit(root, path: "$", memberName: nil, depth: 0, paths: &paths, maximumPaths: maximumPaths)
        return true
    }

    private static func visit(
        _ node: Any, path: String, memberName: String?, depth: Int,
        paths: inout [String: JSONPathTally], maximumPaths: Int
    ) {
        guard depth <= maximumDepth else { return }
        switch node {
        case let object as [String: Any]:
            for (name, child) in object {
                let named = isSafeName(name)
                visit(
                    child, path: path + step(name, named: named), memberName: named ? name : nil, depth: depth + 1,
                    paths: &paths, maximumPaths: maximumPaths)
            }
        case let array as [Any]:
            for child in array {
                visit(
                    child, path: path + "[*]", memberName: memberName, depth: depth + 1, paths: &paths,
                    maximumPaths: maximumPaths)
            }
        case let text as String:
            guard paths[path] != nil || paths.count < maximumPaths else { return }
            paths[path, default: JSONPathTally(memberName: memberName)].tally.observe(Array(text.utf8), walkJSON: false)
        default:
            break
        }
    }

    /// `.name` for plain names, `['name']` for others, `.*` for names that may be data.
    private static func step(_ name: String, named: Bool) -> String {
        guard named else { return ".*" }
        let plain = name.utf8.allSatisfy { c in (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 || c == UInt8(ascii: "_") }
        if plain, let first = name.utf8.first, first &- 0x30 >= 10 { return "." + name }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "['\(escaped)']"
    }

    /// Whether a member name can be written into a path and a rules file: not data-like.
    private static func isSafeName(_ name: String) -> Bool {
        let bytes = name.utf8
        return !bytes.isEmpty && bytes.count <= 64 && !bytes.contains(UInt8(ascii: "@"))
            && !bytes.allSatisfy {
                $0 &- 0x30 < 10 || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-")
            }
            && !bytes.contains { $0 < 0x20 }
            && ValueShape(Array(bytes)[...]).classes.isEmpty
    }
}
