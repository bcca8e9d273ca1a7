import Foundation
import FuzzOracle
import PacerTrain

// One input through the checkpoint reader: it must decode, or fail with a
// one-line CheckpointError naming the file; never trap, hang or allocate
// beyond the input's size.
exit(FuzzDriver.run { data, count in
    do {
        _ = try CheckpointFile.decode(FuzzDriver.bytes(data, count), path: "fuzz.safetensors")
    } catch let error as CheckpointError {
        let text = "\(error)"
        precondition(text.hasPrefix("fuzz.safetensors: ") && !text.contains("\n"), "bad message: \(text)")
    } catch {
        preconditionFailure("not a CheckpointError: \(error)")
    }
    return 0
})
