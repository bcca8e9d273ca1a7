/// The evaluated arguments of a call to a built-in function or method, with checks that
/// fail as Python's do (`len() takes exactly one argument (2 given)`).
struct PythonArguments {
    /// The function's name as messages show it: `len()`, `list.append()`.
    let function: String
    /// The positional arguments, `*items` spliced in.
    var positional: [PythonValue]
    /// The keyword arguments, `**mapping` spliced in, in order.
    var keywords: [(name: String, value: PythonValue)]

    /// Throws unless exactly `count` positional arguments and no keywords were given.
    func exactly(_ count: Int) throws(PythonFault) {
        try noKeywords()
        guard positional.count == count else {
            let expected = count == 0 ? "no arguments" : count == 1 ? "exactly one argument" : "exactly \(count) arguments"
            throw PythonFault.error("\(function) takes \(expected) (\(positional.count) given)")
        }
    }

    /// Throws unless between `minimum` and `maximum` positional arguments were given.
    func between(_ minimum: Int, _ maximum: Int) throws(PythonFault) {
        if positional.count < minimum {
            throw PythonFault.error(
                "\(function) expected at least \(minimum) argument\(minimum == 1 ? "" : "s"), got \(positional.count)")
        }
        if positional.count > maximum {
            throw PythonFault.error(
                "\(function) expected at most \(maximum) argument\(maximum == 1 ? "" : "s"), got \(positional.count)")
        }
    }

    /// Throws when keyword arguments were given.
    func noKeywords() throws(PythonFault) {
        guard keywords.isEmpty else { throw PythonFault.error("\(function) takes no keyword arguments") }
    }

    /// Throws when a keyword other than `allowed` was given.
    func onlyKeywords(_ allowed: Set<String>) throws(PythonFault) {
        for keyword in keywords where !allowed.contains(keyword.name) {
            if keyword.name == "key" { throw PythonFault.unsupported("\(function) with key= (configs define no functions)") }
            throw PythonFault.error("'\(keyword.name)' is an invalid keyword argument for \(function)")
        }
    }

    /// The keyword argument `name`, if given.
    func keyword(_ name: String) -> PythonValue? {
        keywords.last { $0.name == name }?.value
    }

    /// The positional argument at `index`, or the keyword `name`, or `nil`.
    func argument(_ index: Int, _ name: String) -> PythonValue? {
        index < positional.count ? positional[index] : keyword(name)
    }

    /// `value` as an integer argument (an int or a bool).
    static func integer(_ value: PythonValue) throws(PythonFault) -> Int {
        guard let int = PythonSubscript.integer(value) else {
            throw PythonFault.error("'\(value.typeName)' object cannot be interpreted as an integer")
        }
        return int
    }

    /// `value` as a string argument of `function`.
    func string(_ value: PythonValue, _ role: String = "argument") throws(PythonFault) -> String {
        guard case .string(let string) = value else {
            throw PythonFault.error("\(function) \(role) must be str, not \(value.typeName)")
        }
        return string
    }
}
