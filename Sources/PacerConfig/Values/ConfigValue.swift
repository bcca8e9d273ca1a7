/// One value of a config tree, as read from a `.json` file (and later `.py` and `.yaml`).
///
/// The cases follow what an MMCV config can hold: Python dicts, lists, tuples, strings,
/// ints, floats, bools and `None`. Integers and floats stay apart so `max_epochs = 12`
/// and `lr = 0.1` keep their meaning and render back the way they were written.
public enum ConfigValue: Sendable, Hashable {
    /// A dictionary whose keys keep the order they were written in.
    case dict(ConfigDict)
    /// A list (a JSON array, a Python list).
    case list([ConfigValue])
    /// A Python tuple, such as a workflow entry `('train', 2)`; renders as a JSON array.
    case tuple([ConfigValue])
    /// A string.
    case string(String)
    /// An integer written without a fraction or an exponent.
    case int(Int)
    /// A floating-point number (also an integer too large for `Int`).
    case double(Double)
    /// `true` or `false` (Python `True` / `False`).
    case bool(Bool)
    /// JSON `null`, Python `None`.
    case null
}
