#!/usr/bin/env python3
"""Reference values and derivatives of expressions (issue 18), from mpmath: each expression of
EXPRESSIONS is read by Python's own parser (after '^' → '**' and ';' → ','), and its tree walked with
mpmath numbers carrying f, f′, f″, f‴ (no eval: only numbers, x, pi, e, + − * / **, unary signs and a
fixed table of functions, each with its derivatives in closed form; catalogue functions take the value
and derivative formulas of scripts/generate_fixtures.py and the second and third derivatives of
scripts/generate_higher_fixtures.py). Every expression is cross-checked against mp.diff of its plain
value at ordinary points before anything is written. The precision is raised until two levels round
alike, as for the catalogue's references.

Points: one in every fourth binade of both signs (from 2^-1074 to 2^1023), 400 ordinary ones in
[−12, 12], and a few extremes; a point where an expression has a kink is left out.

Run on purpose:  python3 scripts/generate_expression_fixtures.py
Output: test/fixtures/expressions.json
"""
import ast
import json
import math
import os
import random
import subprocess
import sys

from mpmath import mp, mpf, exp, expm1, log, log1p, sqrt, sin, cos, tan, tanh, sinh, cosh, atan, erf, erfc, pi, e, diff

sys.path.insert(0, os.path.dirname(__file__))
import generate_fixtures as base  # noqa: E402
import generate_higher_fixtures as higher  # noqa: E402

OUT = os.path.join(base.ROOT, 'test', 'fixtures', 'expressions.json')

# (expression, points to leave out: the kinks of the expression)
EXPRESSIONS = [
    ('x*sigmoid(x)', []),
    ('x*tanh(softplus(x))', []),
    ('x*sigmoid(1.702*x)', []),
    ('0.5*x*(1 + erf(x/sqrt(2)))', []),
    ('relu(x)^2', [0.0]),
    ('leaky_relu(x; negative_slope=0.2)^2', [0.0]),
    ('log1p(exp(-abs(x))) + max(x, 0)', [0.0]),
    ('x/(1 + abs(x))', [0.0]),
    ('sin(x)*exp(-x^2/2)', []),
    ('(x + sqrt(x^2 + 4))/2', []),
    ('gelu(x; approximate=tanh)*sigmoid(x)', []),
    ('tanh(x) + 0.1*x', []),
    ('elu(x; alpha=2) - selu(x)/3', [0.0]),
    ('expm1(x)/(1 + x^2)', []),
    ('atan(x)*cosh(x/8) - sinh(x/16)', []),
    ('erfc(x)*exp(x) + log(1 + x^2)', []),
]

ELEMENTARY = ('exp', 'expm1', 'log', 'ln', 'log1p', 'sqrt', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'atan', 'arctan', 'erf', 'erfc', 'abs')


def catalogue():
    out = subprocess.run(['node', '--import', 'tsx', os.path.join(base.ROOT, 'scripts', 'expression-defaults.ts')],
                         cwd=base.ROOT, check=True, capture_output=True, text=True).stdout
    names = {}
    for entry in json.loads(out):
        for name in [entry['name'], *entry['aliases']]:
            names[name] = entry
    return names


CATALOGUE = catalogue()


class Jet:
    """f, f′, f″, f‴ of a subexpression at one x, as mpf."""

    def __init__(self, d):
        self.d = [mpf(v) for v in d]

    @staticmethod
    def constant(c):
        return Jet([c, 0, 0, 0])

    def __add__(self, other):
        return Jet([a + b for a, b in zip(self.d, other.d)])

    def __sub__(self, other):
        return Jet([a - b for a, b in zip(self.d, other.d)])

    def __neg__(self):
        return Jet([-a for a in self.d])

    def __mul__(self, other):
        a, b = self.d, other.d
        return Jet([a[0] * b[0], a[1] * b[0] + a[0] * b[1], a[2] * b[0] + 2 * a[1] * b[1] + a[0] * b[2],
                    a[3] * b[0] + 3 * a[2] * b[1] + 3 * a[1] * b[2] + a[0] * b[3]])

    def __truediv__(self, other):
        a, b = self.d, other.d
        w0 = a[0] / b[0]
        w1 = (a[1] - w0 * b[1]) / b[0]
        w2 = (a[2] - 2 * w1 * b[1] - w0 * b[2]) / b[0]
        w3 = (a[3] - 3 * w2 * b[1] - 3 * w1 * b[2] - w0 * b[3]) / b[0]
        return Jet([w0, w1, w2, w3])


def compose(F, u):
    """F(u) from F, F′, F″, F‴ at u(x) (Faà di Bruno)."""
    u1, u2, u3 = u.d[1], u.d[2], u.d[3]
    return Jet([F[0], F[1] * u1, F[2] * u1 ** 2 + F[1] * u2, F[3] * u1 ** 3 + 3 * F[2] * u1 * u2 + F[1] * u3])


def power(u, c):
    """u^c for a constant c: c(c − 1)…(c − k + 1)·u^(c − k)."""
    coefficients = [1, c, c * (c - 1), c * (c - 1) * (c - 2)]
    return compose([0 if k and coefficients[k] == 0 else coefficients[k] * u.d[0] ** (c - k) for k in range(4)], u)


def derivatives(name, u):
    """F, F′, F″, F‴ at u of the elementary functions, in closed form."""
    if name in ('exp',):
        return [exp(u)] * 4
    if name == 'expm1':
        return [expm1(u)] + [exp(u)] * 3
    if name in ('log', 'ln'):
        return [log(u), 1 / u, -1 / u ** 2, 2 / u ** 3]
    if name == 'log1p':
        a = 1 + u
        return [log1p(u), 1 / a, -1 / a ** 2, 2 / a ** 3]
    if name == 'sqrt':
        r = sqrt(u)
        return [r, 1 / (2 * r), -1 / (4 * u * r), 3 / (8 * u * u * r)]
    if name == 'sin':
        return [sin(u), cos(u), -sin(u), -cos(u)]
    if name == 'cos':
        return [cos(u), -sin(u), -cos(u), sin(u)]
    if name == 'tan':
        t = tan(u)
        return [t, 1 + t * t, 2 * t * (1 + t * t), 2 * (1 + t * t) * (1 + 3 * t * t)]
    if name == 'tanh':
        t, s = tanh(u), base_sech2(u)
        return [t, s, -2 * t * s, 2 * s * (3 * t * t - 1)]
    if name == 'sinh':
        return [sinh(u), cosh(u), sinh(u), cosh(u)]
    if name == 'cosh':
        return [cosh(u), sinh(u), cosh(u), sinh(u)]
    if name in ('atan', 'arctan'):
        a = 1 + u * u
        return [atan(u), 1 / a, -2 * u / a ** 2, (6 * u * u - 2) / a ** 3]
    if name in ('erf', 'erfc'):
        g = 2 / sqrt(pi) * exp(-u * u) * (1 if name == 'erf' else -1)
        return [erf(u) if name == 'erf' else base.erfc(u), g, -2 * u * g, (4 * u * u - 2) * g]
    if name == 'abs':
        sign = 1 if u > 0 else -1
        return [abs(u), sign, 0, 0]
    raise KeyError(name)


def base_sech2(u):
    return 4 / (exp(u) + exp(-u)) ** 2


def evaluate(tree, x):
    """The jet of a Python expression tree at the mpf x, by the fixed rules above."""
    if isinstance(tree, ast.Expression):
        return evaluate(tree.body, x)
    if isinstance(tree, ast.Constant) and isinstance(tree.value, (int, float)):
        return Jet.constant(mpf(tree.value))  # the double Python reads, as act does
    if isinstance(tree, ast.Name):
        if tree.id == 'x':
            return Jet([x, 1, 0, 0])
        return Jet.constant({'pi': +pi, 'e': +e}[tree.id])
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
        value = evaluate(tree.operand, x)
        return -value if isinstance(tree.op, ast.USub) else value
    if isinstance(tree, ast.BinOp):
        a, b = evaluate(tree.left, x), evaluate(tree.right, x)
        if isinstance(tree.op, ast.Pow):
            if b.d[1:] == [0, 0, 0]:
                return power(a, b.d[0])
            return compose([exp(b.d[0] * log(a.d[0]))] * 4, b * compose(derivatives('log', a.d[0]), a))
        return {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b, ast.Div: lambda: a / b}[type(tree.op)]()
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
        args = [evaluate(argument, x) for argument in tree.args]
        name = tree.func.id
        if name in ('min', 'max'):
            a, b = args
            return (a if (a.d[0] >= b.d[0]) == (name == 'max') else b)
        if name in ELEMENTARY:
            return compose(derivatives(name, args[0].d[0]), args[0])
        entry = CATALOGUE[name]
        params = dict(entry['params'])
        for keyword in tree.keywords:
            # a number (signed or not) or a word such as approximate=tanh
            value = keyword.value
            params[keyword.arg] = value.id if isinstance(value, ast.Name) else float(evaluate(value, x).d[0])
        canonical = entry['name']
        _, f, d, _, _ = base.FUNCTIONS[canonical]
        second, third, _ = higher.HIGHER[canonical]
        q = base.reference_params(canonical, params)
        u = args[0].d[0]
        return compose([f(u, q), d(u, q), second(u, q), third(u, q)], args[0])
    raise ValueError(f'not allowed in an expression: {ast.dump(tree)}')


def derivative(tree, x, n):
    return evaluate(tree, x).d[n]


def check(expression, tree, kinks):
    """The jets agree with mp.diff of the plain value at ordinary points (away from the kinks)."""
    mp.dps = 50
    for x in (-2.3, -0.7, 0.4, 1.9):
        if any(abs(x - k) < 1e-3 for k in kinks):
            continue
        for n in (1, 2, 3):
            analytic = derivative(tree, mpf(x), n)
            numeric = diff(lambda t: derivative(tree, t, 0), mpf(x), n)
            if abs(analytic - numeric) > mpf(10) ** -25 * max(1, abs(analytic)):
                raise AssertionError(f'{expression}: derivative {n} disagrees at {x}: {analytic} vs {numeric}')


def points():
    rng = random.Random(20261218)
    result = [0.0, 1e-300, -1e-300, 1e-8, -1e-8, 30.0, -30.0, 100.0, -100.0, 700.0, -700.0, 1e10, -1e10]
    for exponent in range(-1074, 1024, 4):
        for sign in (1, -1):
            result.append(sign * math.ldexp(1.37, exponent) if exponent > -1022 else sign * math.ldexp(1, exponent))
    result += [rng.uniform(-12, 12) for _ in range(400)]
    return sorted(set(v for v in result if math.isfinite(v)))


def references(item):
    expression, kinks = item
    tree = ast.parse(expression.replace('^', '**').replace(';', ','), mode='eval')
    check(expression, tree, kinks)
    rows = []
    for x in points():
        if x in kinks:
            continue
        row = [x]
        for n in range(4):
            try:
                row.append(base.encode(base.stable(lambda t: derivative(tree, t, n), x)))
            except (ZeroDivisionError, OverflowError):
                row.append('NaN')
        rows.append(row)
    return {'expression': expression, 'points': rows}


def main():
    from multiprocessing import Pool
    cases = []
    with Pool(int(os.environ.get('WORKERS', '2'))) as pool:
        for case in pool.imap(references, EXPRESSIONS):
            cases.append(case)
            print(f"{case['expression']}: {len(case['points'])} points", flush=True)
    with open(OUT, 'w') as file:
        json.dump({'generator': 'scripts/generate_expression_fixtures.py (mpmath ' + __import__('mpmath').__version__ + ')', 'cases': cases}, file,
                  separators=(',', ':'))
        file.write('\n')


if __name__ == '__main__':
    main()
