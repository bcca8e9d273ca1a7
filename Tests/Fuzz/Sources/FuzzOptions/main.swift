import Foundation
import FuzzOracle

// One input as a `--cfg-options KEY=VALUE` argument; see OptionOracle for what is checked.
exit(FuzzDriver.run { data, count in
    OptionOracle.check(FuzzDriver.bytes(data, count))
    return 0
})
