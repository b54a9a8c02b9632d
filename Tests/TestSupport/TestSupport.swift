import Foundation

/// Locations and helpers shared by the test targets.
public enum TestPaths {
    /// The repository root (found from this file's location).
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// `../shared` beside the repository: standards' vectors and sample datasets.
    public static var shared: URL {
        if let override = ProcessInfo.processInfo.environment["CLEANROOM_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// A JSON file from `../shared/test-vectors`, decoded.
    public static func vectors<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: shared.appendingPathComponent("test-vectors").appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// A new empty temporary directory, removed by the caller with `removeItem`.
    public static func temporaryDirectory(_ label: String = "cleanroom-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Decodes lower-case or upper-case hex in test fixtures.
public func hexBytes(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(text.utf8)[...]
    while chars.count >= 2 {
        out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
        chars = chars.dropFirst(2)
    }
    return out
}
