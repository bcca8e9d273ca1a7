import PacerConfig
import Testing

// Each expected value below was computed by CPython 3.11 running the same text (the
// `python:` comments), then written out with `json.dumps` (tuples print as lists).

/// The JSON text (`ConfigValue.description`) of the name `x` bound by the config `text`.
private func pyJSON(_ text: String) throws(ConfigError) -> String? {
    try py(text + "\n")["x"]?.description
}

@Test func pythonSubscriptsAndSlicesReadAsPythonReadsThem() throws {
    // python: img_norm_cfg = dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
    // python: x = img_norm_cfg['mean']
    #expect(try pyJSON("img_norm_cfg = dict(mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)\nx = img_norm_cfg['mean']") == #"[123.675, 116.28, 103.53]"#)
    // python: img_norm_cfg = dict(mean=[123.675, 116.28, 103.53])
    // python: x = img_norm_cfg['mean'][::-1]
    #expect(try pyJSON("img_norm_cfg = dict(mean=[123.675, 116.28, 103.53])\nx = img_norm_cfg['mean'][::-1]") == #"[103.53, 116.28, 123.675]"#)
    // python: a = [0, 1, 2, 3, 4, 5]
    // python: x = [a[-1], a[1:4], a[:2], a[3:], a[::2], a[-2:], a[5:1:-2], a[100:], a[-100:2]]
    #expect(try pyJSON("a = [0, 1, 2, 3, 4, 5]\nx = [a[-1], a[1:4], a[:2], a[3:], a[::2], a[-2:], a[5:1:-2], a[100:], a[-100:2]]") == #"[5, [1, 2, 3], [0, 1], [3, 4, 5], [0, 2, 4], [4, 5], [5, 3], [], [0, 1]]"#)
    // python: x = ['abcdef'[1:3], 'abcdef'[-1], 'héllo'[1], (1, 2, 3)[1:], (1, 2, 3)[-3]]
    #expect(try pyJSON("x = ['abcdef'[1:3], 'abcdef'[-1], 'héllo'[1], (1, 2, 3)[1:], (1, 2, 3)[-3]]") == #"["bc", "f", "é", [2, 3], 1]"#)
    // python: d = {'a': {'b': [10, 20]}}
    // python: x = d['a']['b'][1]
    #expect(try pyJSON("d = {'a': {'b': [10, 20]}}\nx = d['a']['b'][1]") == #"20"#)
}

@Test func pythonIfStatementsAndConditionalExpressions() throws {
    // python: prefetch = False
    // python: train_pipeline = [dict(type='LoadImageFromFile')]
    // python: if not prefetch:
    // python:     train_pipeline.extend([dict(type='Normalize'), dict(type='ToTensor')])
    // python: x = train_pipeline
    #expect(try pyJSON("prefetch = False\ntrain_pipeline = [dict(type='LoadImageFromFile')]\nif not prefetch:\n    train_pipeline.extend([dict(type='Normalize'), dict(type='ToTensor')])\nx = train_pipeline") == #"[{"type": "LoadImageFromFile"}, {"type": "Normalize"}, {"type": "ToTensor"}]"#)
    // python: n = 3
    // python: if n > 5:
    // python:     x = 'big'
    // python: elif n > 2:
    // python:     x = 'medium'
    // python: else:
    // python:     x = 'small'
    #expect(try pyJSON("n = 3\nif n > 5:\n    x = 'big'\nelif n > 2:\n    x = 'medium'\nelse:\n    x = 'small'") == #""medium""#)
    // python: n = 0
    // python: if n: x = 1
    // python: else: x = 2
    #expect(try pyJSON("n = 0\nif n: x = 1\nelse: x = 2") == #"2"#)
    // python: a = None
    // python: x = [1 if a is None else 2, 'y' if a is not None else 'n', 3 if [] else 4]
    #expect(try pyJSON("a = None\nx = [1 if a is None else 2, 'y' if a is not None else 'n', 3 if [] else 4]") == #"[1, "n", 4]"#)
    // python: x = 1
    // python: if True:
    // python:     if x == 1:
    // python:         x = 10
    // python:     x += 1
    // python: x = x
    #expect(try pyJSON("x = 1\nif True:\n    if x == 1:\n        x = 10\n    x += 1\nx = x") == #"11"#)
}

@Test func pythonComparisonsAndBooleanOperators() throws {
    // python: x = [1 < 2 < 3, 1 < 2 > 5, 1 == 1.0, 'a' < 'b', [1, 2] < [1, 3], (1, 2) == (1, 2), 2 >= 2, 3 != 3.0, 'é' > 'z']
    #expect(try pyJSON("x = [1 < 2 < 3, 1 < 2 > 5, 1 == 1.0, 'a' < 'b', [1, 2] < [1, 3], (1, 2) == (1, 2), 2 >= 2, 3 != 3.0, 'é' > 'z']") == #"[true, false, true, true, true, true, true, false, true]"#)
    // python: x = [0 or 'a', 1 and 2, None or [] or 0, 'x' and '', not 0, not [1]]
    #expect(try pyJSON("x = [0 or 'a', 1 and 2, None or [] or 0, 'x' and '', not 0, not [1]]") == #"["a", 2, 0, "", true, false]"#)
    // python: x = ['a' in 'cat', 2 in [1, 2], 'k' in {'k': 1}, 3 not in (1, 2), None is None, True is not False]
    #expect(try pyJSON("x = ['a' in 'cat', 2 in [1, 2], 'k' in {'k': 1}, 3 not in (1, 2), None is None, True is not False]") == #"[true, true, true, true, true, true]"#)
}

@Test func pythonComprehensionsAndGeneratorExpressions() throws {
    // python: names = ['a', 'b']
    // python: x = [dict(type=t) for t in names]
    #expect(try pyJSON("names = ['a', 'b']\nx = [dict(type=t) for t in names]") == #"[{"type": "a"}, {"type": "b"}]"#)
    // python: x = [i * j for i in range(3) for j in range(i) if (i + j) % 2 == 1]
    #expect(try pyJSON("x = [i * j for i in range(3) for j in range(i) if (i + j) % 2 == 1]") == #"[0, 2]"#)
    // python: x = {k: v * 2 for k, v in dict(a=1, b=2).items() if v > 1}
    #expect(try pyJSON("x = {k: v * 2 for k, v in dict(a=1, b=2).items() if v > 1}") == #"{"b": 4}"#)
    // python: x = sorted({c for c in 'banana'})
    #expect(try pyJSON("x = sorted({c for c in 'banana'})") == #"["a", "b", "n"]"#)
    // python: x = sum(i * i for i in range(10))
    #expect(try pyJSON("x = sum(i * i for i in range(10))") == #"285"#)
    // python: x = [[r * c for c in range(3)] for r in range(2)]
    #expect(try pyJSON("x = [[r * c for c in range(3)] for r in range(2)]") == #"[[0, 0, 0], [0, 1, 2]]"#)
    // python: x = [v for i, v in enumerate(['a', 'b', 'c'], 1) if i != 2]
    #expect(try pyJSON("x = [v for i, v in enumerate(['a', 'b', 'c'], 1) if i != 2]") == #"["a", "c"]"#)
}

@Test func pythonPureBuiltIns() throws {
    // python: img_norm_cfg = dict(mean=[123.675, 116.28, 103.53])
    // python: x = [round(v) for v in img_norm_cfg['mean'][::-1]]
    #expect(try pyJSON("img_norm_cfg = dict(mean=[123.675, 116.28, 103.53])\nx = [round(v) for v in img_norm_cfg['mean'][::-1]]") == #"[104, 116, 124]"#)
    // python: x = [round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1234, -2), round(1250, -2), round(0.125, 2)]
    #expect(try pyJSON("x = [round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1234, -2), round(1250, -2), round(0.125, 2)]") == #"[2, 4, 0, 2.67, 1200, 1200, 0.12]"#)
    // python: x = [sum([18, 36, 72, 144]), sum([0.1, 0.2], 1), sum([[1], [2]], [])]
    #expect(try pyJSON("x = [sum([18, 36, 72, 144]), sum([0.1, 0.2], 1), sum([[1], [2]], [])]") == #"[270, 1.3, [1, 2]]"#)
    // python: x = [int(3.9), int(-3.9), int(' 42 '), int(True), float('1e-4'), float(3), str(1.0), str([1, 'a', (2,)]), str(None), bool([]), bool('0')]
    #expect(try pyJSON("x = [int(3.9), int(-3.9), int(' 42 '), int(True), float('1e-4'), float(3), str(1.0), str([1, 'a', (2,)]), str(None), bool([]), bool('0')]") == #"[3, -3, 42, 1, 0.0001, 3.0, "1.0", "[1, 'a', (2,)]", "None", false, true]"#)
    // python: x = [len('héllo'), len([1, 2]), len({'a': 1}), list(range(2, 10, 3)), list(range(5, 0, -2)), len(range(7))]
    #expect(try pyJSON("x = [len('héllo'), len([1, 2]), len({'a': 1}), list(range(2, 10, 3)), list(range(5, 0, -2)), len(range(7))]") == #"[5, 2, 1, [2, 5, 8], [5, 3, 1], 7]"#)
    // python: x = [min(3, 1, 2), max([4, 9, 2]), min('bca'), max([], default=7), abs(-3), abs(-2.5)]
    #expect(try pyJSON("x = [min(3, 1, 2), max([4, 9, 2]), min('bca'), max([], default=7), abs(-3), abs(-2.5)]") == #"[1, 9, "a", 7, 3, 2.5]"#)
    // python: x = [list('ab'), tuple([1, 2]), dict([('a', 1), ('b', 2)]), dict({'c': 3}, d=4), sorted([3, 1, 2], reverse=True)]
    #expect(try pyJSON("x = [list('ab'), tuple([1, 2]), dict([('a', 1), ('b', 2)]), dict({'c': 3}, d=4), sorted([3, 1, 2], reverse=True)]") == #"[["a", "b"], [1, 2], {"a": 1, "b": 2}, {"c": 3, "d": 4}, [3, 2, 1]]"#)
    // python: x = [list(reversed([1, 2, 3])), list(zip([1, 2, 3], 'ab')), list(enumerate('xy')), any([0, 1]), all([1, 0]), all([])]
    #expect(try pyJSON("x = [list(reversed([1, 2, 3])), list(zip([1, 2, 3], 'ab')), list(enumerate('xy')), any([0, 1]), all([1, 0]), all([])]") == #"[[3, 2, 1], [[1, "a"], [2, "b"]], [[0, "x"], [1, "y"]], true, false, true]"#)
    // python: x = sorted(set([3, 1, 3, 2]))
    #expect(try pyJSON("x = sorted(set([3, 1, 3, 2]))") == #"[1, 2, 3]"#)
    // python: x = [str(0.1 + 0.2), str(1e16), str(1e-05), str(float('inf')), str(-0.0), str(True), str((1,))]
    #expect(try pyJSON("x = [str(0.1 + 0.2), str(1e16), str(1e-05), str(float('inf')), str(-0.0), str(True), str((1,))]") == #"["0.30000000000000004", "1e+16", "1e-05", "inf", "-0.0", "True", "(1,)"]"#)
}

@Test func pythonMethodsOfBuiltInValues() throws {
    // python: a = [1]
    // python: a.append(2)
    // python: a.extend((3, 4))
    // python: a.insert(0, 0)
    // python: a.insert(-1, 9)
    // python: x = a
    #expect(try pyJSON("a = [1]\na.append(2)\na.extend((3, 4))\na.insert(0, 0)\na.insert(-1, 9)\nx = a") == #"[0, 1, 2, 3, 9, 4]"#)
    // python: d = dict(a=1)
    // python: d.update(b=2)
    // python: d.update({'c': 3})
    // python: d.update([('e', 5)])
    // python: x = [d, d.get('a'), d.get('z'), d.get('z', 0), d.copy() == d, d.pop('a'), d.pop('q', 'no'), d]
    #expect(try pyJSON("d = dict(a=1)\nd.update(b=2)\nd.update({'c': 3})\nd.update([('e', 5)])\nx = [d, d.get('a'), d.get('z'), d.get('z', 0), d.copy() == d, d.pop('a'), d.pop('q', 'no'), d]") == #"[{"b": 2, "c": 3, "e": 5}, 1, null, 0, true, 1, "no", {"b": 2, "c": 3, "e": 5}]"#)
    // python: x = ['{}-{}'.format('a', 1), '{0}{0}'.format('x'), '{name}:{lr:.1e}'.format(name='sgd', lr=0.001), ', '.join(['a', 'b']), 'a-b-c'.replace('-', '_'), 'a-b-c'.replace('-', '', 1)]
    #expect(try pyJSON("x = ['{}-{}'.format('a', 1), '{0}{0}'.format('x'), '{name}:{lr:.1e}'.format(name='sgd', lr=0.001), ', '.join(['a', 'b']), 'a-b-c'.replace('-', '_'), 'a-b-c'.replace('-', '', 1)]") == #"["a-1", "xx", "sgd:1.0e-03", "a, b", "a_b_c", "ab-c"]"#)
    // python: x = ['a b  c'.split(), 'a,b,,c'.split(','), 'a,b,c'.split(',', 1), 'a.b.c'.rsplit('.', 1), 'MiXed'.upper(), 'MiXed'.lower()]
    #expect(try pyJSON("x = ['a b  c'.split(), 'a,b,,c'.split(','), 'a,b,c'.split(',', 1), 'a.b.c'.rsplit('.', 1), 'MiXed'.upper(), 'MiXed'.lower()]") == #"[["a", "b", "c"], ["a", "b", "", "c"], ["a", "b,c"], ["a.b", "c"], "MIXED", "mixed"]"#)
    // python: x = ['  pad '.strip(), 'xxaxx'.strip('x'), 'file.py'.endswith('.py'), 'file.py'.startswith(('a', 'f'))]
    #expect(try pyJSON("x = ['  pad '.strip(), 'xxaxx'.strip('x'), 'file.py'.endswith('.py'), 'file.py'.startswith(('a', 'f'))]") == #"["pad", "a", true, true]"#)
    // python: a = [3, 1, 2]
    // python: b = a
    // python: b.append(4)
    // python: a.sort()
    // python: x = [a, b, a.index(2), a.count(1), a.pop(), a]
    #expect(try pyJSON("a = [3, 1, 2]\nb = a\nb.append(4)\na.sort()\nx = [a, b, a.index(2), a.count(1), a.pop(), a]") == #"[[1, 2, 3], [1, 2, 3], 1, 1, 4, [1, 2, 3]]"#)
    // python: train = dict(pipeline=[1])
    // python: data = dict(train=train)
    // python: train['pipeline'].append(2)
    // python: x = data
    #expect(try pyJSON("train = dict(pipeline=[1])\ndata = dict(train=train)\ntrain['pipeline'].append(2)\nx = data") == #"{"train": {"pipeline": [1, 2]}}"#)
}

@Test func pythonFStrings() throws {
    // python: lr = 0.01
    // python: name = 'sgd'
    // python: x = f'{name}_lr{lr}'
    #expect(try pyJSON("lr = 0.01\nname = 'sgd'\nx = f'{name}_lr{lr}'") == #""sgd_lr0.01""#)
    // python: x = [f'{3:>4}|{3:<4}|{3:^5}|{3:04d}', f'{0.5:.2%}', f'{1234567:,}', f'{1e-4:.1e}', f'{2.0/3:.3f}', f'{255:x}{255:#o}', f'{"a"!r}', f'{{}}{1}']
    #expect(try pyJSON("x = [f'{3:>4}|{3:<4}|{3:^5}|{3:04d}', f'{0.5:.2%}', f'{1234567:,}', f'{1e-4:.1e}', f'{2.0/3:.3f}', f'{255:x}{255:#o}', f'{\"a\"!r}', f'{{}}{1}']") == #"["   3|3   |  3  |0003", "50.00%", "1,234,567", "1.0e-04", "0.667", "ff0o377", "'a'", "{}1"]"#)
    // python: x = f'{[1, 2][0] + 1}' 'plain' f"{'q'}"
    #expect(try pyJSON("x = f'{[1, 2][0] + 1}' 'plain' f\"{'q'}\"") == #""2plainq""#)
}

@Test func pythonDelAndAugmentedAssignment() throws {
    // python: a = 1
    // python: b = 2
    // python: del a
    // python: x = sorted(['b'])
    #expect(try pyJSON("a = 1\nb = 2\ndel a\nx = sorted(['b'])") == #"["b"]"#)
    // python: d = dict(a=1, b=2)
    // python: del d['a']
    // python: l = [1, 2, 3]
    // python: del l[0], l[-1]
    // python: x = [d, l]
    #expect(try pyJSON("d = dict(a=1, b=2)\ndel d['a']\nl = [1, 2, 3]\ndel l[0], l[-1]\nx = [d, l]") == #"[{"b": 2}, [2]]"#)
    // python: n = 10
    // python: n -= 3
    // python: n *= 2
    // python: n //= 3
    // python: n **= 2
    // python: n %= 7
    // python: f = 1
    // python: f /= 4
    // python: s = 'a'
    // python: s += 'b'
    // python: s *= 2
    // python: x = [n, f, s]
    #expect(try pyJSON("n = 10\nn -= 3\nn *= 2\nn //= 3\nn **= 2\nn %= 7\nf = 1\nf /= 4\ns = 'a'\ns += 'b'\ns *= 2\nx = [n, f, s]") == #"[2, 0.25, "abab"]"#)
    // python: a = [1]
    // python: b = a
    // python: b += [2]
    // python: c = (1,)
    // python: c += (2,)
    // python: d = dict(k=[0])
    // python: d['k'] += [1]
    // python: x = [a, c, d]
    #expect(try pyJSON("a = [1]\nb = a\nb += [2]\nc = (1,)\nc += (2,)\nd = dict(k=[0])\nd['k'] += [1]\nx = [a, c, d]") == #"[[1, 2], [1, 2], {"k": [0, 1]}]"#)
    // python: a, b = 1, 2
    // python: (c, d), e = [3, 4], 5
    // python: x = [a, b, c, d, e]
    #expect(try pyJSON("a, b = 1, 2\n(c, d), e = [3, 4], 5\nx = [a, b, c, d, e]") == #"[1, 2, 3, 4, 5]"#)
}

@Test func pythonDelRemovesANameFromTheConfig() throws {
    // python: a = 1; b = 2; del a  ->  module globals: {'b': 2}
    #expect(try py("a = 1\nb = 2\ndel a\n").keys == ["b"])
    // python: a = 1; b = 2; del a; a = 3  ->  {'b': 2, 'a': 3} (a re-bound name goes last)
    #expect(try py("a = 1\nb = 2\ndel a\na = 3\n").keys == ["b", "a"])
}

// Each message below is CPython 3.11's for the same text (`python:` comments give its
// exception); the position is where Pacer points: the operator, bracket or call.

@Test func pythonEvaluationErrorsAreOneLineWithTheirPosition() {
    // python: IndexError: list index out of range
    #expect(pyError("a = [1, 2]\nx = a[5]\n") == "t.py:2:6: list index out of range")
    // python: KeyError: 'b'
    #expect(pyError("d = {'a': 1}\nx = d['b']\n") == "t.py:2:6: KeyError: 'b'")
    // python: ZeroDivisionError: division by zero
    #expect(pyError("n = 0\nx = [1 / n for i in range(2)]\n") == "t.py:2:8: division by zero")
    // python: TypeError: len() takes exactly one argument (2 given)
    #expect(pyError("x = len(1, 2)\n") == "t.py:1:5: len() takes exactly one argument (2 given)")
    // python: TypeError: type str doesn't define __round__ method
    #expect(pyError("x = round('a')\n") == "t.py:1:5: type str doesn't define __round__ method")
    // python: ValueError: invalid literal for int() with base 10: 'x'
    #expect(pyError("x = int('x')\n") == "t.py:1:5: invalid literal for int() with base 10: 'x'")
    // python: IndexError: pop from empty list
    #expect(pyError("a = []\na.pop()\n") == "t.py:2:2: pop from empty list")
    // python: IndexError: Replacement index 0 out of range for positional args tuple
    #expect(pyError("x = '{}'.format()\n") == "t.py:1:9: Replacement index 0 out of range for positional args tuple")
    // python: TypeError: '<' not supported between instances of 'int' and 'str'
    #expect(pyError("x = sorted([1, 'a'])\n") == "t.py:1:5: '<' not supported between instances of 'str' and 'int'")
    // python: ValueError: Unknown format code 'q' for object of type 'int'
    #expect(pyError("x = f'{1:q}'\n") == "t.py:1:8: Unknown format code 'q' for object of type 'int'")
    // python: TypeError: string indices must be integers, not 'str'
    #expect(pyError("x = 'ab'['a']\n") == "t.py:1:9: string indices must be integers, not 'str'")
    // python: ValueError: slice step cannot be zero
    #expect(pyError("x = [1][1:2:0]\n") == "t.py:1:8: slice step cannot be zero")
    // python: TypeError: sequence item 0: expected str instance, int found
    #expect(pyError("x = 'a'.join([1])\n") == "t.py:1:8: sequence item 0: expected str instance, int found")
    // python: ValueError: max() arg is an empty sequence
    #expect(pyError("x = max([])\n") == "t.py:1:5: max() arg is an empty sequence")
    // python: ValueError: not enough values to unpack (expected 3, got 2)
    #expect(pyError("a, b, c = 1, 2\n") == "t.py:1:1: not enough values to unpack (expected 3, got 2)")
    // python: TypeError: 'tuple' object does not support item assignment
    #expect(pyError("t = (1,)\nt[0] = 2\n") == "t.py:2:2: 'tuple' object does not support item assignment")
    // python: NameError: name 'a' is not defined
    #expect(pyError("del a\n") == "t.py:1:5: name 'a' is not defined")
}

@Test func pythonIndentationErrorsAreOneLine() {
    #expect(pyError("if True:\nx = 1\n") == "t.py:2:1: expected an indented block")
    #expect(pyError("if True:\n    x = 1\n  y = 2\n") == "t.py:3:3: unindent does not match any outer indentation level")
    #expect(pyError("if True:\n\tx = 1\n        y = 2\n") == "t.py:3:9: inconsistent use of tabs and spaces in indentation")
    #expect(pyError("if True\n    x = 1\n") == "t.py:1:8: expected ':', found end of line")
    #expect(pyError("else:\n    x = 1\n") == "t.py:1:1: unsupported Python construct ''else' without 'if''")
}

@Test func pythonLongUnaryAndPowerChainsFailWithOneLineNotAStackOverflow() {
    let minus = "x = " + String(repeating: "-", count: 100_000) + "1\n"
    #expect(pyError(minus) == "t.py:1:260: expression too complex: more than 256 nested operations or brackets")
    let power = "x = 2" + String(repeating: " ** 2", count: 100_000) + "\n"
    #expect(pyError(power)?.hasSuffix(": expression too complex: more than 256 nested operations or brackets") == true)
    let nots = "x = " + String(repeating: "not ", count: 100_000) + "1\n"
    #expect(pyError(nots)?.hasSuffix(": expression too complex: more than 256 nested operations or brackets") == true)
    let conditionals = "x = " + String(repeating: "1 if 1 else ", count: 100_000) + "1\n"
    #expect(pyError(conditionals)?.hasSuffix(": expression too complex: more than 256 nested operations or brackets") == true)
}

@Test func pythonEvaluationIsBoundedInStepsSizesAndStrings() {
    #expect(pyError("x = [0 for a in range(100000) for b in range(100000) if 0]\n")
        == "t.py:1:57: the config takes more than 2000000 steps to evaluate (Pacer reads a config, it does not run it)")
    #expect(pyError("x = list(range(10**9))\n") == "t.py:1:10: unsupported Python construct 'range of more than 100000 items'")
    #expect(pyError("a = ['x' * 1000000]\nx = ''.join(a + a)\n") == "t.py:2:7: unsupported Python construct 'string longer than 1048576 bytes'")
    #expect(pyError("a = [1]\na.append(a)\n") == "t.py:1:5: unsupported Python construct 'values nested deeper than 256 levels'")
    #expect(pyError("x = f'{1:99999999}'\n") == "t.py:1:8: unsupported Python construct 'string longer than 1048576 bytes'")
}

@Test func pythonRangesNearTheIntegerLimitsStopWithoutOverflow() throws {
    // python: list(range(0, 9223372036854775807, 2**62)) == [0, 4611686018427387904]
    #expect(try pyJSON("x = list(range(0, 9223372036854775807, 2**62))") == "[0, 4611686018427387904]")
    // python: list(range(-2**62 * 2, -2**62 * 2 + 3)) == [-9223372036854775808, -9223372036854775807, -9223372036854775806]
    #expect(try pyJSON("x = list(range(-2**62 * 2, -2**62 * 2 + 3))")
        == "[-9223372036854775808, -9223372036854775807, -9223372036854775806]")
}

@Test func pythonSplitWithALimitKeepsTheRestAsWrittenAndReprQuotesAsPython() throws {
    // python: x = [' a b c '.split(None, 1), ' a b c '.rsplit(None, 1), repr("it's"), repr([1, 'a'])]
    #expect(try pyJSON("x = [' a b c '.split(None, 1), ' a b c '.rsplit(None, 1), repr(\"it's\"), repr([1, 'a'])]")
        == #"[["a", "b c "], [" a b", "c"], "\"it's\"", "[1, 'a']"]"#)
}
