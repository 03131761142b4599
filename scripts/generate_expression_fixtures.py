#!/usr/bin/env python3
"""Reference values and derivatives of expressions (issue 18), from mpmath: each expression of
EXPRESSIONS is read by Python's own parser (after '^' → '**' and ';' → ','), its tree walked with
mpmath (no eval: only numbers, x, pi, e, + − * / **, unary signs and a fixed table of functions;
catalogue functions take the value formulas of scripts/generate_fixtures.py), and differentiated with
mp.diff at a step relative to x and a working precision raised until two levels round alike.

Points: one in every fourth binade of both signs (from 2^-1074 to 2^1023), 400 ordinary ones in
[−12, 12], and a few extremes; a point where an expression has a kink is left out (mp.diff straddles it).

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

ELEMENTARY = {'exp': exp, 'expm1': expm1, 'log': log, 'ln': log, 'log1p': log1p, 'sqrt': sqrt, 'sin': sin, 'cos': cos, 'tan': tan,
              'tanh': tanh, 'sinh': sinh, 'cosh': cosh, 'atan': atan, 'arctan': atan, 'erf': erf, 'erfc': base.erfc, 'abs': abs,
              'min': min, 'max': max}


def catalogue():
    out = subprocess.run(['node', '--import', 'tsx', os.path.join(base.ROOT, 'scripts', 'expression-defaults.ts')],
                         cwd=base.ROOT, check=True, capture_output=True, text=True).stdout
    names = {}
    for entry in json.loads(out):
        for name in [entry['name'], *entry['aliases']]:
            names[name] = entry
    return names


CATALOGUE = catalogue()


def evaluate(tree, x):
    """The value of a Python expression tree at the mpf x, by the fixed rules above."""
    if isinstance(tree, ast.Expression):
        return evaluate(tree.body, x)
    if isinstance(tree, ast.Constant) and isinstance(tree.value, (int, float)):
        return mpf(tree.value)  # the double Python reads, as act does
    if isinstance(tree, ast.Name):
        return {'x': x, 'pi': +pi, 'e': +e}[tree.id]
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
        value = evaluate(tree.operand, x)
        return -value if isinstance(tree.op, ast.USub) else value
    if isinstance(tree, ast.BinOp):
        a, b = evaluate(tree.left, x), evaluate(tree.right, x)
        operations = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b, ast.Div: lambda: a / b, ast.Pow: lambda: a ** b}
        return operations[type(tree.op)]()
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
        args = [evaluate(argument, x) for argument in tree.args]
        name = tree.func.id
        if name in ELEMENTARY:
            return ELEMENTARY[name](*args)
        entry = CATALOGUE[name]
        params = dict(entry['params'])
        for keyword in tree.keywords:
            # a number (signed or not) or a word such as approximate=tanh
            value = keyword.value
            params[keyword.arg] = value.id if isinstance(value, ast.Name) else float(evaluate(value, x))
        _, f, _, _, _ = base.FUNCTIONS[entry['name']]
        return f(args[0], base.reference_params(entry['name'], params))
    raise ValueError(f'not allowed in an expression: {ast.dump(tree)}')


def derivative(tree, x, n):
    if n == 0:
        return evaluate(tree, x)
    # a step relative to x (mp.diff's working precision absorbs the cancellation)
    h = abs(x) * mpf(2) ** (-mp.prec - 10) if x != 0 else None
    return diff(lambda t: evaluate(tree, t), x, n, **({'h': h} if h is not None else {}))


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
