import Pacer
import Testing

/// The "did you mean" of every refused name.
@Suite struct SpellingTests {
    @Test func oneDroppedInsertedOrChangedLetterFindsTheName() {
        #expect(Spelling.closest(to: "max_epoch", among: ["type", "max_epochs"]) == "max_epochs")
        #expect(Spelling.closest(to: "intervall", among: ["interval", "by_epoch"]) == "interval")
        #expect(Spelling.closest(to: "momentun", among: ["momentum", "interval", "warm_up"]) == "momentum")
    }

    @Test func swappedNeighboursCountAsOneEdit() {
        #expect(Spelling.closest(to: "gmama", among: ["gamma", "step"]) == "gamma")
    }

    @Test func caseDoesNotCount() {
        #expect(Spelling.closest(to: "EMAhook", among: ["EMAHook", "ClosureHook"]) == "EMAHook")
    }

    @Test func aNameFarFromEveryCandidateHasNoSuggestion() {
        #expect(Spelling.closest(to: "dwconv_decay_mult", among: ["bias_lr_mult", "norm_decay_mult"]) == nil)
        #expect(Spelling.closest(to: "img_norm_cfg", among: ["model", "data", "optimizer"]) == nil)
    }

    @Test func shortNamesAllowOneEditOnly() {
        #expect(Spelling.closest(to: "lr", among: ["lr", "eps"]) == "lr")
        #expect(Spelling.closest(to: "xy", among: ["lr"]) == nil)
    }

    @Test func theHintListsTheValidNamesWhenNoneIsClose() {
        #expect(Spelling.hint(for: "zzz", among: ["a", "b"]) == "valid: a, b")
        #expect(Spelling.hint(for: "interva", among: ["interval"]) == "did you mean 'interval'?")
    }
}
