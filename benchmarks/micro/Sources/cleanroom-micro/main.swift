// Per-transform micro-benchmarks: nanoseconds per value, printed as a table.
//
//     swift run -c release cleanroom-micro [--values N] [--runs R] [--markdown] [--only TEXT]
//     swift run -c release cleanroom-micro --mask-copy FILE --table NAME --rules FILE [--repeat N] [--probe] [--out FILE]
//       (one table of the benchmark dataset through the masking path, for profilers: TableHarness.swift)
//
// Each case runs once to warm up (caches, lazy tables, allocator), then `runs` times over `values`
// distinct inputs; the table shows the best and the median run. Inputs are deterministic. The key is
// a fixed, public benchmark key: nothing here is secret.
//
// Two kinds of cases:
// - primitives called directly through the public API (HMACSHA256, FF1) and the raw OpenSSL SHA-256
//   they are compared with;
// - transforms measured through the public MaskingPlan → TableMasker.mask(RowBatch) path on a
//   one-column table, the way the pipeline calls them (COPY-text split, unescape, transform, escape).
//   The `constant` case measures that per-value framing alone, so "net" subtracts it.

import CMicroOpenSSL
import CleanroomCore
import CleanroomCrypto
import CleanroomMasking

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Options

if CommandLine.arguments.contains("--mask-copy") {
    do {
        try TableHarness.run(Array(CommandLine.arguments.dropFirst()))
        exit(0)
    } catch {
        print("cleanroom-micro: \(error)")
        exit(2)
    }
}

var valueCount = 200_000
var runs = 5
var markdown = false
/// Only cases whose name contains one of these (and the framing case, which "net" needs).
var only: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--values": valueCount = Int(arguments.next() ?? "") ?? valueCount
    case "--runs": runs = max(1, Int(arguments.next() ?? "") ?? runs)
    case "--markdown": markdown = true
    case "--only": only.append(arguments.next() ?? "")
    default:
        print("usage: cleanroom-micro [--values N] [--runs R] [--markdown] [--only TEXT]...")
        print("       cleanroom-micro --mask-copy FILE --table NAME --rules FILE [--repeat N] [--probe] [--out FILE]")
        exit(2)
    }
}

// MARK: - Timing

struct Result {
    var name: String
    var best: Double
    var median: Double
    var note: String
}

var results: [Result] = []
/// Folded into the output so the optimiser cannot drop the work being timed.
var sink: UInt64 = 0

/// Times `body` (which processes `values` inputs and returns a checksum) and records ns per value.
/// Whether the case `name` runs under `--only` (inputs of skipped cases are not even built).
@MainActor func selected(_ name: String) -> Bool {
    only.isEmpty || name.hasPrefix("plan: constant") || only.contains { name.contains($0) }
}

@MainActor func measure(
    _ name: String, values: Int = valueCount, note: String = "", _ body: () throws -> UInt64
) rethrows {
    guard selected(name) else { return }
    sink &+= try body()  // warm-up
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<runs {
        var checksum: UInt64 = 0
        let elapsed = try clock.measure { checksum = try body() }
        sink &+= checksum
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        samples.append(ns / Double(values))
    }
    samples.sort()
    results.append(Result(name: name, best: samples[0], median: samples[samples.count / 2], note: note))
}

// MARK: - Inputs

/// A deterministic 64-bit mix (splitmix64) for building inputs.
@MainActor func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E3779B97F4A7C15
    z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
    z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
    return z ^ (z >> 31)
}

@MainActor func digits(_ seed: UInt64, _ count: Int) -> String {
    var s = ""
    var x = mix(seed)
    for i in 0..<count {
        if i % 16 == 15 { x = mix(x) }
        s.append(Character(Unicode.Scalar(UInt8(48 + x % 10))))
        x /= 10
    }
    return s
}

let firstNames = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda"]
let lastNames = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis"]

@MainActor func email(_ i: Int) -> String {
    let x = mix(UInt64(i))
    return "\(firstNames[Int(x % 8)]).\(lastNames[Int(x / 8 % 8)])\(i)@example.com"
}

@MainActor func phone(_ i: Int) -> String {
    let d = digits(UInt64(i) &+ 77, 10)
    let a = d.prefix(3), b = d.dropFirst(3).prefix(3), c = d.suffix(4)
    return "+1 (\(a)) \(b)-\(c)"
}

@MainActor func paragraph(_ i: Int) -> String {
    "Customer \(i) called on \(phone(i)) about a late delivery of their last order and asked us to confirm "
        + "the new date by e-mail to \(email(i)); they also said the parcel may be left with the neighbour "
        + "at number 12 if nobody answers the door, and that evenings after six are best for a call back."
}

@MainActor func profile(_ i: Int) -> String {
    let ssn = digits(UInt64(i) &+ 5, 9)
    return #"{"ssn": "\#(ssn.prefix(3))-\#(ssn.dropFirst(3).prefix(2))-\#(ssn.suffix(4))", "tier": "gold", "#
        + #""prefs": {"channels": ["email", "sms"], "language": "en", "newsletter": true}, "#
        + #""contact": {"email": "\#(email(i))", "phone": "\#(phone(i))", "verified": true}}"#
}

@MainActor func date(_ i: Int) -> String {
    let x = mix(UInt64(i))
    let year = 1940 + Int(x % 70), month = 1 + Int(x / 70 % 12), day = 1 + Int(x / 840 % 28)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(year)-\(two(month))-\(two(day))"
}

// MARK: - Primitives

let benchKey = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }

// Keyed hash: HMAC-SHA256 with the ipad/opad states (and a domain) absorbed once, as transforms use it.
let hmac = HMACSHA256(key: benchKey).withDomain("public.customers.email")
// The inputs lie back to back in one buffer, read in order as a batch would be (an array of arrays
// would add a cache miss per value that the raw SHA-256 cases below do not pay).
var packedEmails: [UInt8] = []
var emailEnds: [Int] = []
if selected("keyed hash") {
    for i in 0..<valueCount {
        packedEmails += Array(email(i).utf8)
        emailEnds.append(packedEmails.count)
    }
}
measure(
    "keyed hash: HMACSHA256.mac (precomputed state)",
    note: "\(packedEmails.count / max(1, emailEnds.count))-byte e-mails"
) {
    var out = [UInt8](repeating: 0, count: 32)
    var acc: UInt64 = 0
    packedEmails.withUnsafeBytes { all in
        out.withUnsafeMutableBytes { o in
            var start = 0
            for end in emailEnds {
                hmac.mac(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: o)
                acc &+= UInt64(o[0])
                start = end
            }
        }
    }
    return acc
}

// Two SHA-256 compressions, the floor for HMAC of a short message with precomputed pads.
var blocks = [UInt8](repeating: 0, count: 64 * 1024)
for i in blocks.indices { blocks[i] = UInt8(truncatingIfNeeded: mix(UInt64(i))) }
measure("raw SHA-256: SHA256() one-shot of 64 bytes (EVP fetch + 2 compressions)") {
    var out = [UInt8](repeating: 0, count: 32)
    var acc: UInt64 = 0
    blocks.withUnsafeBufferPointer { b in
        for i in 0..<valueCount {
            _ = SHA256(b.baseAddress! + (i % 1024) * 64, 64, &out)
            acc &+= UInt64(out[0])
        }
    }
    return acc
}
measure("raw SHA-256: SHA256_Init/Update/Final of 64 bytes (2 compressions)") {
    var out = [UInt8](repeating: 0, count: 32)
    var acc: UInt64 = 0
    blocks.withUnsafeBufferPointer { b in
        for i in 0..<valueCount {
            var ctx = SHA256_CTX()
            SHA256_Init(&ctx)
            SHA256_Update(&ctx, b.baseAddress! + (i % 1024) * 64, 64)
            SHA256_Final(&out, &ctx)
            acc &+= UInt64(out[0])
        }
    }
    return acc
}
measure("raw SHA-256: 2 × SHA256_Transform (compressions only)") {
    var ctx = SHA256_CTX()
    SHA256_Init(&ctx)
    blocks.withUnsafeBufferPointer { b in
        for i in 0..<valueCount {
            SHA256_Transform(&ctx, b.baseAddress! + (i % 1024) * 64)
            SHA256_Transform(&ctx, b.baseAddress! + ((i + 1) % 1024) * 64)
        }
    }
    return UInt64(ctx.h.0)
}

// FF1 on 16-digit numeral strings with an AES-256 key, as `fpe: digits` runs it on a card number.
let ff1 = try FF1(key: HMACSHA256(key: benchKey).mac(Array("ff1".utf8)), radix: 10)
let cards: [[UInt16]] =
    selected("FF1.encrypt") ? (0..<valueCount).map { i in digits(UInt64(i), 16).utf8.map { UInt16($0 - 48) } } : []
try measure("FF1.encrypt, 16 digits (AES-256)") {
    var acc: UInt64 = 0
    for card in cards { acc &+= UInt64(try ff1.encrypt(card)[0]) }
    return acc
}

// MARK: - Transforms through MaskingPlan / TableMasker

let maskingKey = try MaskingKey(bytes: benchKey, source: "the benchmark key")

// The word-level leak probe of a `json` column's output, as a worker runs it: a run vocabulary sized
// for 4M words (a 16 MiB filter, as a 1M-row table of names, e-mails and streets gives), holding the
// words of the inputs' e-mail addresses, looked up for every word of the profiles.
if selected("word probe") {
    let vocabulary = TokenVocabulary(key: maskingKey, expectedWords: 4_000_000)
    var keys: [UInt64] = []
    for i in 0..<valueCount {
        Array(email(i).utf8).withUnsafeBufferPointer { vocabulary.keys(of: $0, feed: .emailLocalPart, into: &keys) }
    }
    vocabulary.learn(keys)
    let profiles = (0..<valueCount).map { Array(profile($0).utf8) }
    let averageBytes = profiles.reduce(0) { $0 + $1.count } / max(1, profiles.count)
    measure("word probe: TokenVocabulary.flaggedWords of a JSON profile", note: "\(averageBytes)-byte values") {
        var memo = TokenVocabulary.LookupMemo()
        var acc: UInt64 = 0
        for value in profiles {
            let result = vocabulary.flaggedWords(in: value, fakes: true, memo: &memo)
            acc &+= UInt64(result.checked + result.flagged.count)
        }
        return acc
    }
}

/// Masks `values` as a one-column table `public.bench(v)` under `rule`, in batches of about
/// `RowBatch.targetBytes` like the pipeline, and returns the per-value nanoseconds.
@MainActor func measureTransform(
    _ name: String, rule: String, kind: ValueKind = .text, typeName: String = "text",
    note: String = "", values makeValues: @autoclosure () -> [String]
) throws {
    guard selected(name) else { return }
    let values = makeValues()
    let yaml = "version: 1\ntables:\n  public.bench:\n    columns:\n      v: \(rule)\n"
    let rules = try RulesParser.parse(yaml, path: "micro.yaml")
    let table = Table(
        name: QualifiedName(schema: "public", name: "bench"),
        columns: [Column(name: "v", typeName: typeName, kind: kind)])
    let validated = try RulesValidator.validate(rules, against: DatabaseSchema(tables: [table], foreignKeys: []))
    let plan = try MaskingPlan(rules: validated, key: maskingKey)
    var batches: [RowBatch] = []
    var batch = RowBatch()
    for value in values {
        batch.appendRow(values: [Array(value.utf8)])
        if batch.isFull {
            batches.append(batch)
            batch = RowBatch()
        }
    }
    if batch.rowCount > 0 { batches.append(batch) }
    let masker = try plan.masker(for: validated.tables[0])
    let averageBytes = values.reduce(0) { $0 + $1.utf8.count } / max(1, values.count)
    try measure(name, values: values.count, note: note.isEmpty ? "\(averageBytes)-byte values" : note) {
        var acc: UInt64 = 0
        for b in batches {
            let out = try masker.mask(b)
            acc &+= UInt64(out.bytes.count)
        }
        return acc
    }
}

try measureTransform(
    "plan: constant (framing only: split, unescape, escape)", rule: "{ constant: \"x\" }",
    values: (0..<valueCount).map(email))
try measureTransform("plan: hash hex 16", rule: "hash", values: (0..<valueCount).map(email))
try measureTransform(
    "plan: fpe digits, 16-digit card", rule: "{ fpe: digits }", values: (0..<valueCount).map { digits(UInt64($0), 16) })
try measureTransform(
    "plan: fpe digits, phone +1 (ddd) ddd-dddd", rule: "{ fpe: digits }", values: (0..<valueCount).map(phone))
try measureTransform("plan: fake email", rule: "{ fake: email }", values: (0..<valueCount).map(email))
try measureTransform(
    "plan: fake first_name", rule: "{ fake: first_name }",
    values: (0..<valueCount).map { firstNames[$0 % 8] + "\($0 % 7)" })
try measureTransform(
    "plan: redact [email, phone] on a paragraph", rule: "{ redact: [email, phone] }",
    values: (0..<valueCount).map(paragraph))
try measureTransform(
    "plan: redact, paragraph without PII", rule: "{ redact: [email, phone] }",
    values: (0..<valueCount).map { _ in String(repeating: "Prefers evening deliveries and a call before. ", count: 6) })
try measureTransform(
    "plan: json ($.contact.email fake, $.contact.phone fpe, $.ssn null)",
    rule: "{ json: { \"$.contact.email\": { fake: email }, \"$.contact.phone\": { fpe: digits }, \"$.ssn\": null } }",
    kind: .json, typeName: "jsonb", values: (0..<valueCount).map(profile))
try measureTransform(
    "plan: json, one path ($.ssn null)", rule: "{ json: { \"$.ssn\": null } }",
    kind: .json, typeName: "jsonb", values: (0..<valueCount).map(profile))
try measureTransform(
    "plan: shift_date (date, ±180 days)", rule: "{ shift_date: { days: 180 } }",
    kind: .date, typeName: "date", values: (0..<valueCount).map(date))

// MARK: - Report

@MainActor func fixed(_ x: Double) -> String {
    let rounded = (x * 10).rounded() / 10
    return rounded >= 1000 ? String(Int(rounded.rounded())) : String(rounded)
}

let framing = results.first { $0.name.hasPrefix("plan: constant") }?.median ?? 0
if markdown {
    print("| case | best ns/value | median ns/value | net of framing | inputs |")
    print("| --- | ---: | ---: | ---: | --- |")
} else {
    print("values per run: \(valueCount), runs: \(runs) (after one warm-up)")
    print(
        pad("case", 72) + pad("best ns", 10, left: true) + pad("median ns", 11, left: true) + pad("net", 9, left: true)
            + "  inputs")
}
for r in results {
    let net = r.name.hasPrefix("plan:") && !r.name.hasPrefix("plan: constant") ? fixed(r.median - framing) : ""
    if markdown {
        print("| \(r.name) | \(fixed(r.best)) | \(fixed(r.median)) | \(net) | \(r.note) |")
    } else {
        print(
            pad(r.name, 72) + pad(fixed(r.best), 10, left: true) + pad(fixed(r.median), 11, left: true)
                + pad(net, 9, left: true) + "  " + r.note)
    }
}

/// The median of the first case whose name starts with `prefix`, if it ran.
@MainActor func median(_ prefix: String) -> Double? { results.first { $0.name.hasPrefix(prefix) }?.median }

print("")
if let hmacResult = median("keyed hash"), let oneShot = median("raw SHA-256: SHA256()"),
    let twoBlocks = median("raw SHA-256: SHA256_Init"), let twoCompressions = median("raw SHA-256: 2 ×")
{
    print(
        "keyed hash / 2 × SHA256_Transform: \(fixed(hmacResult / twoCompressions))×  (target ≤ 1.5×: \(hmacResult <= 1.5 * twoCompressions ? "met" : "not met"))"
    )
    print(
        "keyed hash / SHA256_Init+Update+Final of 64 B: \(fixed(hmacResult / twoBlocks))×  (≤ 1.5×: \(hmacResult <= 1.5 * twoBlocks ? "met" : "not met"))"
    )
    print("keyed hash / SHA256() one-shot of 64 B: \(fixed(hmacResult / oneShot))×")
}
if let ff1Result = median("FF1") {
    print("FF1 16 digits: \(fixed(ff1Result)) ns  (target ≤ 3000 ns: \(ff1Result <= 3000 ? "met" : "not met"))")
}
print("checksum \(sink & 0xFFFF)")

@MainActor func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let n = s.count
    if n >= width { return s }
    let fill = String(repeating: " ", count: width - n)
    return left ? fill + s : s + fill
}
