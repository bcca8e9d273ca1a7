/// An expression of the Python subset configs use, as parsed, before it is evaluated.
struct PythonExpression {
    /// The deepest nesting of operations and brackets accepted in one expression.
    static let maxHeight = 256

    /// The expression's form.
    indirect enum Kind {
        /// A literal: a number, a string, `True`, `False` or `None`.
        case constant(PythonValue)
        /// A name bound earlier in the file.
        case name(String)
        /// `{{ _base_.a.b }}`.
        case reference([String])
        /// `[a, b]`.
        case list([PythonExpression])
        /// `(a, b)` or `a, b`.
        case tuple([PythonExpression])
        /// `*items` inside a list or tuple display: the items spliced in.
        case starred(PythonExpression)
        /// `{'k': v, **other}`; a `nil` key marks `**value`.
        case dict([(key: PythonExpression?, value: PythonExpression)])
        /// `dict(k=v, **other)`; a `nil` name marks `**value`.
        case dictCall([(name: String?, value: PythonExpression)])
        /// `-x` or `+x`.
        case unary(PythonOperator, PythonExpression)
        /// `a + b` and the other arithmetic operators.
        case binary(PythonOperator, PythonExpression, PythonExpression)
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

/// One statement: `a = b = value`, or an expression evaluated for nothing (a docstring).
struct PythonStatement {
    /// The names assigned, in order, with their offsets; empty for an expression statement.
    var targets: [(name: String, offset: Int)]
    /// The value assigned.
    var value: PythonExpression
}
