import CleanroomCore

/// `{ noise: { relative: r } }`: multiplies numbers by (1 + x) with a keyed x in ±r, keeping the
/// value's decimal places.
public struct NoiseTransform: Transform {
    public var relative: Double

    public static let name = "noise"
    public static let documentation = TransformDocumentation(
        syntax: "`{ noise: { relative: 0.1 } }`", effect: "multiplies by 1 ± up to 10 %, keyed; decimals kept",
        columnTypes: "integer, numeric, text")

    public static func parse(_ parameters: TransformParameters) throws -> NoiseTransform {
        let relative = parameters.float ?? parameters["relative"]?.float
        guard let relative, relative > 0, relative < 1 else {
            throw parameters.error("takes `{ relative: r }` with 0 < r < 1")
        }
        return NoiseTransform(relative: relative)
    }

    public func canProduce(into kind: ValueKind) -> Bool { [.integer, .numeric, .text].contains(kind) }
    public var probeRole: ProbeRole { .perturbs }
    public var summary: String { "noise:±\(relative)" }
    public func yaml(modifiers: String) -> String { "{ noise: { relative: \(relative) }\(modifiers) }" }

    public func compile(_ context: CompileContext) throws -> CompiledTransform {
        let relative = self.relative
        let hasher = context.hasher
        return .value { value, _, out in
            guard let noisy = Noise.apply(value, DigestReader(hasher.mac(of: value)), relative: relative) else {
                throw TransformFailure("the value is not a number")
            }
            out += noisy
            return true
        }
    }
}

extension TransformSpec {
    /// `{ noise: { relative: } }`.
    public static func noise(relative: Double) -> TransformSpec { TransformSpec(NoiseTransform(relative: relative)) }
}
