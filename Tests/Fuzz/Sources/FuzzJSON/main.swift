import Foundation
import FuzzOracle

// One input through the .json config reader; see ReaderOracle for what is checked.
exit(FuzzDriver.run { data, count in
    ReaderOracle.check(FuzzDriver.bytes(data, count), with: .json)
    return 0
})
