/// An expression of the Python subset configs use, as parsed, before it is evaluated.
struct PythonExpression {
    /// The deepest nesting of operations and brackets accepted in one expression.
    static let maxHeight = 256

    /// The expression's form.
    indirect enum Kind {
        /// A literal: a number, a string, `True`, `False` or `None`.
        case constant(PythonValue)
        /// A name bound earlier in the file (or by a comprehension).
        case name(String)
        /// `{{ _base_.a.b }}`.
        case reference([String])
        /// `[a, b]`.
        case list([PythonExpression])
        /// `(a, b)` or `a, b`.
        case tuple([PythonExpression])
        /// `{a, b}`.
        case set([PythonExpression])
        /// `*items` inside a list, tuple or set display: the items spliced in.
        case starred(PythonExpression)
        /// `{'k': v, **other}`; a `nil` key marks `**value`.
        case dict([(key: PythonExpression?, value: PythonExpression)])
        /// `-x` or `+x`.
        case unary(PythonOperator, PythonExpression)
        /// `not x`.
        case not(PythonExpression)
        /// `a + b` and the other arithmetic operators.
        case binary(PythonOperator, PythonExpression, PythonExpression)
        /// `a and b and c` (`isAnd`) or `a or b or c`.
        case boolean(isAnd: Bool, [PythonExpression])
        /// `a < b <= c`: the first operand and each operator with its right operand.
        case comparison(PythonExpression, [(op: PythonComparison, operand: PythonExpression)])
        /// `then if condition else otherwise`.
        case conditional(condition: PythonExpression, then: PythonExpression, otherwise: PythonExpression)
        /// `value[index]`; the index may be a `.slice`.
        case item(PythonExpression, PythonExpression)
        /// `lower:upper:step` inside brackets.
        case slice(PythonExpression?, PythonExpression?, PythonExpression?)
        /// `function(arguments)`, where `function` is a name (a built-in, when evaluated).
        case call(String, [PythonArgument])
        /// `value.method(arguments)`: a method of a built-in value.
        case method(PythonExpression, String, [PythonArgument])
        /// `[x for ...]`, `{x for ...}`, `(x for ...)` and `{k: v for ...}`.
        case comprehension(PythonComprehension)
        /// An f-string: literal text and formatted fields, joined.
        case formatted([PythonFormattedPart])
    }

    /// The expression's form.
    let kind: Kind
    /// The byte offset errors about it point at: its start, or its operator.
    let offset: Int
    /// 1 for a leaf, else one more than its highest operand.
    let height: Int

    /// An expression of `kind` at `offset` whose operands are `operands`; nil when it
    /// would nest deeper than `maxHeight`.
    init?(_ kind: Kind, at offset: Int, operands: [PythonExpression] = []) {
        self.kind = kind
        self.offset = offset
        height = 1 + (operands.map(\.height).max() ?? 0)
        guard height <= Self.maxHeight else { return nil }
    }
}

/// One argument of a call: `value`, `name=value`, `*value` or `**value`.
struct PythonArgument {
    /// How the argument is passed.
    enum Kind {
        case positional
        case keyword(String)
        case unpackedIterable
        case unpackedMapping
    }

    /// How the argument is passed.
    var kind: Kind
    /// The argument's expression.
    var value: PythonExpression
}

/// A comprehension or generator expression.
struct PythonComprehension {
    /// What it builds.
    enum Result {
        case list, set, generator, dict
    }

    /// What it builds.
    var result: Result
    /// The item built for each pass (the key, for a dict comprehension).
    var element: PythonExpression
    /// The value, for a dict comprehension.
    var value: PythonExpression?
    /// The `for` and `if` clauses, in order.
    var clauses: [Clause]

    /// `for target in iterable` or `if condition`.
    enum Clause {
        case loop(PythonTarget, PythonExpression)
        case filter(PythonExpression)
    }
}

/// One piece of an f-string.
enum PythonFormattedPart {
    /// Text outside the braces, escapes decoded.
    case literal(String)
    /// `{value!conversion:spec}`; `conversion` is `r`, `s` or `a` when given.
    case field(PythonExpression, conversion: Character?, spec: String)
}

/// What an assignment, `del`, augmented assignment or `for` clause binds.
indirect enum PythonTarget {
    /// A name, written at `offset`.
    case name(String, offset: Int)
    /// `value[index]`.
    case item(PythonExpression, PythonExpression, offset: Int)
    /// `a, b` or `(a, b)` or `[a, b]`: unpacking.
    case unpack([PythonTarget], offset: Int)

    /// Where the target is written.
    var offset: Int {
        switch self {
        case .name(_, let offset), .item(_, _, let offset), .unpack(_, let offset): offset
        }
    }
}

/// The arithmetic operators the subset evaluates.
enum PythonOperator: String {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    case power = "**"
}

/// The comparison operators.
enum PythonComparison: String {
    case less = "<"
    case greater = ">"
    case equal = "=="
    case notEqual = "!="
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case isIn = "in"
    case notIn = "not in"
    case identical = "is"
    case notIdentical = "is not"
}

/// One statement of a config.
struct PythonStatement {
    /// The statement's form.
    indirect enum Kind {
        /// `a = b[0] = value`.
        case assign([PythonTarget], PythonExpression)
        /// `target op= value`.
        case augmented(PythonTarget, PythonOperator, PythonExpression)
        /// An expression evaluated for its effect (a method call) or for nothing (a docstring).
        case expression(PythonExpression)
        /// `del a, b[0]`.
        case delete([PythonTarget])
        /// `if c: ... elif d: ... else: ...`: each condition with its block, then the else block.
        case branch([(condition: PythonExpression, body: [PythonStatement])], otherwise: [PythonStatement])
        /// `pass`.
        case pass
    }

    /// The statement's form.
    var kind: Kind
    /// Where the statement starts.
    var offset: Int
}
