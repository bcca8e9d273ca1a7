import CPacer
import Foundation
import Testing

/// The Swift side of the host and the kit sees ABI 1.0 exactly as the
/// frozen C layout says: same offsets, sizes, alignments and constants
/// (Fixtures/abi-1.0/layout.c holds the numbers; the C compiler checks the
/// same file in ABIStabilityTests).
@Suite struct ABILayoutTests {
    /// The numbers of layout.c, parsed from its PACER_FIELD, PACER_STRUCT
    /// and PACER_CONSTANT lines.
    struct Frozen {
        var fields: [SwiftABILayout.Field] = []
        var structs: [(name: String, size: Int, alignment: Int)] = []
        var constants: [String: Int] = [:]

        init() throws {
            let text = try String(contentsOfFile: Fixtures.packageRoot
                + "/Tests/PacerEndToEndTests/Fixtures/abi-1.0/layout.c", encoding: .utf8)
            for line in text.split(separator: "\n") {
                func arguments(_ macro: String) -> [String]? {
                    guard line.hasPrefix(macro + "("), line.hasSuffix(");") else { return nil }
                    return line.dropFirst(macro.count + 1).dropLast(2).split(separator: ",")
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                }
                if let a = arguments("PACER_FIELD") {
                    fields.append(.init(name: a[0] + "." + a[1], offset: Int(a[2])!, size: Int(a[3])!))
                } else if let a = arguments("PACER_STRUCT") {
                    structs.append((a[0], Int(a[1])!, Int(a[2])!))
                } else if let a = arguments("PACER_CONSTANT") {
                    constants[a[0]] = Int(a[1])!
                }
            }
        }
    }

    @Test func everyFieldHasTheFrozenOffsetAndSizeInSwift() throws {
        let frozen = try Frozen()
        #expect(frozen.fields.count == 113)
        #expect(SwiftABILayout.fields == frozen.fields)
    }

    @Test func everyStructIsAtLeastItsFrozenSizeWithTheFrozenAlignmentInSwift() throws {
        let frozen = try Frozen()
        #expect(frozen.structs.count == 9)
        #expect(SwiftABILayout.structs.map(\.name) == frozen.structs.map(\.name))
        for (swift, c) in zip(SwiftABILayout.structs, frozen.structs) {
            #expect(swift.size >= c.size && swift.alignment == c.alignment, "\(c.name)")
        }
    }

    @Test func everyConstantHasItsFrozenValueInSwift() throws {
        let frozen = try Frozen()
        #expect(frozen.constants.count == 32)
        #expect(SwiftABILayout.constants == frozen.constants)
        #expect(PACER_ENTRY_SYMBOL == "pacer_plugin_entry")
    }
}
