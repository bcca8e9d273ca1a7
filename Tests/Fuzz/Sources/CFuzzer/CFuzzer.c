// CFuzzer only declares libFuzzer's driver; SwiftPM needs one source file per C target.
#include "CFuzzer.h"
