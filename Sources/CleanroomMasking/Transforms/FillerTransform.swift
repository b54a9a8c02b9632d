import CleanroomCore
import CleanroomCrypto

/// `filler`: replaces free text with keyed, readable filler of about the same length — sentences of
/// common words in sentence case with punctuation — so that nothing of the source text survives,
/// names included, while a long note stays long and a short one short.
///
/// The words are drawn from a keyed stream: `HMAC(key, domain ‖ 0x00 ‖ value)` seeds it and block
/// `i` is `HMAC(key, domain ‖ 0x00 ‖ seed ‖ i)`, so the same text gives the same filler in every run
/// and table, and different texts give unrelated fillers. The output is ASCII and has at most as
/// many characters as the source, and falls short of it by less than a word.
public struct FillerTransform: Transform {
    public static let name = "filler"
    public static let documentation = TransformDocumentation(
        syntax: "`filler`",
        effect: "replaces free text with keyed, readable filler of about the same length (sentences of common words); "
            + "nothing of the source survives, names included",
        columnTypes: "text")
    public static let bare: FillerTransform? = FillerTransform()

    public static func parse(_ parameters: TransformParameters) throws -> FillerTransform {
        guard parameters.isNull || parameters.string == "true" else {
            throw parameters.error("takes no parameters; write `filler`, or `{ filler: true, unique: … }` in a mapping")
        }
        return FillerTransform()
    }

    public func canProduce(into kind: ValueKind) -> Bool { kind == .text || kind == .other }
    public var probeRole: ProbeRole { .synthesises }
    public func yaml(modifiers: String) -> String { modifiers.isEmpty ? "filler" : "{ filler: true\(modifiers) }" }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let hasher = context.hasher
        return .value { value, _, out in
            var stream = KeyedStream(hasher: hasher, seed: hasher.mac(of: value))
            Self.write(characters: UTF8Text.characterCount(value), from: &stream, into: &out)
            return true
        }
    }

    /// Appends sentences of 4 to 12 words drawn from `stream`, at most `limit` characters in all.
    static func write(characters limit: Int, from stream: inout KeyedStream, into out: inout [UInt8]) {
        let start = out.count
        var written = 0
        fill: while true {
            let words = 4 + Int(stream.next()) % 9
            for i in 0..<words {
                let word = Self.words[(Int(stream.next()) << 8 | Int(stream.next())) % Self.words.count]
                let isLast = i == words - 1
                let comma = !isLast && stream.next() < 36
                let length = (written == 0 ? 0 : 1) + word.count + (isLast || comma ? 1 : 0)
                // Room stays for the full stop that ends the text after a bare word.
                if written + length + (isLast || comma ? 0 : 1) > limit { break fill }
                if written > 0 { out.append(UInt8(ascii: " ")) }
                out += word
                if i == 0 { out[out.count - word.count] -= 0x20 }
                if isLast { out.append(UInt8(ascii: ".")) } else if comma { out.append(UInt8(ascii: ",")) }
                written += length
            }
        }
        if written == 0 {
            // Shorter than any sentence: the first letters of a capitalised word.
            let word = Self.words[Int(stream.next()) % Self.words.count]
            out += word.prefix(limit)
            if limit > 0 { out[start] -= 0x20 }
        } else if out[out.count - 1] == UInt8(ascii: ",") {
            out[out.count - 1] = UInt8(ascii: ".")
        } else if out[out.count - 1] != UInt8(ascii: ".") {
            out.append(UInt8(ascii: "."))
        }
    }

    /// Common English words, none of them a usual given name or surname, all lower-case ASCII.
    static let words = PackedWords(
        """
        about above across after again against along also always among answer area around away back base because \
        before begin being below between body both bring build call came carry case cause center change check city \
        clear close color common complete could course cover current day deep detail develop different direction \
        does done down draw during each early earth easy either end enough even event every example face fact fall \
        family far figure final find fine fire first follow food force form found friend from front full game \
        general give good great ground group grow half hand happen hard have head hear heat heavy help here high \
        hold home hour house idea important inside interest island just keep kind know land large last late later \
        learn leave left less letter level light line list live local look machine main make many map matter mean \
        measure might mind minute moment money month more morning most move much music must name near need never \
        next night note nothing notice number object ocean office often open order other outside over paper part \
        pass past pattern people perhaps period person picture piece place plain plan plant play point possible \
        present problem product public question quick quite rather reach read ready real reason record region \
        remember report rest result right road room round rule same school science season second section seem \
        sentence service several shape short should show side simple since size small sound space special stand \
        start state step still story street study such surface system table take talk team tell than that their \
        there these thing think third those though thought through time today together toward travel tree true \
        turn under unit until upon usual valley very voice wait walk want warm watch water week weight well what \
        wheel when where which while whole wide window with without word work world would write year yellow
        """.split(separator: " ").map { Array($0.utf8) })
}

/// The keyed byte stream behind `filler`: 32 bytes per HMAC block over the seed and a counter.
struct KeyedStream {
    let hasher: HMACSHA256
    /// `seed ‖ counter (u32 BE)`: the seed written once, the counter per block.
    private var message = [UInt8](repeating: 0, count: 36)
    private var block = SIMD32<UInt8>()
    private var counter: UInt32 = 0
    private var offset = 32

    init(hasher: HMACSHA256, seed: SIMD32<UInt8>) {
        self.hasher = hasher
        for i in 0..<32 { message[i] = seed[i] }
    }

    /// The next byte.
    mutating func next() -> UInt8 {
        if offset == 32 {
            for i in 0..<4 { message[32 + i] = UInt8(truncatingIfNeeded: counter >> (24 - 8 * UInt32(i))) }
            block = hasher.mac(of: message)
            counter += 1
            offset = 0
        }
        defer { offset += 1 }
        return block[offset]
    }
}

extension TransformSpec {
    /// `filler`.
    public static let filler = TransformSpec(FillerTransform())
}
