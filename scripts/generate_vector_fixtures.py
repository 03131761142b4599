#!/usr/bin/env python3
"""Reference values for the vector functions' correct rounding: softmax, softmin, log_softmax and
logsumexp values and Jacobian diagonals, from their definitions with mpmath, and sparsemax values
in exact fractions, each rounded once
(scripts/generate_fixtures.py's exact rounding) to float64 and, at the inputs rounded to float32,
to float32.

Vectors: seeded random ones of lengths 1 to 200 at several scales, masked (−∞) entries, ties, one
dominant logit (softmax near 1, where 1 − y cancels in a naive formula), spreads down to subnormal
probabilities, and logits whose log-sum-exp is near 0 (m + log S cancels).

Run on purpose, in its own commit:  python3 scripts/generate_vector_fixtures.py
Output: test/fixtures/vector.json
"""
import json
import math
import os
import random
import sys
from fractions import Fraction

from mpmath import mp, mpf, exp, log

sys.path.insert(0, os.path.dirname(__file__))
from generate_fixtures import round_to_format, midpoint_distance  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'vector.json')


def vectors():
    rng = random.Random(20261201)
    result = [[0.0], [1.5, -2.0], [0.0, 0.0, 0.0], [1e-14, 0.0], [-math.inf, 0.0, 1.0], [-math.inf, -math.inf, 3.0],
              [50.0, 0.0, -1.0], [0.0, -800.0], [0.0, -740.0, -745.0], [-0.6931471805599453, -0.6931471805599453],
              [-1.0986122886681098, -1.0986122886681098, -1.0986122886681098], [1e300, 1e300 - 1e284], [-1e-300, 5e-324]]
    for length in (2, 3, 5, 10, 50, 200):
        for scale in (0.001, 1.0, 10.0, 100.0):
            for _ in range(3):
                result.append([rng.gauss(0, scale) for _ in range(length)])
    for _ in range(20):
        v = [rng.uniform(-3, 3) for _ in range(rng.randint(2, 8))]
        v[rng.randrange(len(v))] += 40  # one dominant logit
        result.append(v)
    for _ in range(10):
        v = [rng.uniform(-3, 3) for _ in range(rng.randint(3, 8))]
        v[rng.randrange(len(v))] = -math.inf
        result.append(v)
    return result


def pieces(z):
    finite = [mpf(v) for v in z if v != -math.inf]
    m = max(finite)
    e = [mpf(0) if v == -math.inf else exp(mpf(v) - m) for v in z]
    argmax = max(range(len(z)), key=lambda i: (z[i], -i))
    others = sum((e[j] for j in range(len(z)) if j != argmax), mpf(0))
    return m, e, 1 + others, others, argmax


def sparsemax_exact(x):
    """Sparsemax in exact fractions: the support by 1 + k·x_(k) > Σ_{j≤k} x_(j), then max(x_i − τ, 0)."""
    values = [Fraction(v) for v in x if v != -math.inf]
    ordered = sorted(values, reverse=True)
    cumulative = Fraction(0)
    size, in_support = 0, Fraction(0)
    for k, v in enumerate(ordered, start=1):
        cumulative += v
        if 1 + k * v > cumulative:
            size, in_support = k, cumulative
    tau = (in_support - 1) / size
    return [0.0 if v == -math.inf else float(max(Fraction(v) - tau, Fraction(0))) for v in x]


def outputs(name, x):
    z = [-v for v in x] if name == 'softmin' else x
    m, e, s, others, argmax = pieces(z)
    y = [ej / s for ej in e]
    complement = [(others if i == argmax else s - e[i]) / s for i in range(len(z))]
    if name in ('softmax', 'softmin'):
        sign = 1 if name == 'softmax' else -1
        return y, [sign * y[i] * complement[i] for i in range(len(z))]
    if name == 'log_softmax':
        log_sum = mp.log1p(others)
        return [(-math.inf if v == -math.inf else mpf(v) - m - log_sum) for v in x], complement
    return [m + mp.log1p(others)], y


def stable_outputs(name, x, fmt):
    """Each output rounded to the format, precision raised until two levels agree and no output is within the precision of a midpoint."""
    previous = None
    for dps in (60, 120, 240, 480, 960):
        mp.dps = dps
        values, diagonal = outputs(name, x)
        rounded = ([round_to_format(v, fmt) for v in values], [round_to_format(v, fmt) for v in diagonal])
        near = any((d := midpoint_distance(v, fmt)) is not None and d < Fraction(1, 10 ** (dps - 8)) for v in list(values) + list(diagonal)
                   if not (isinstance(v, float) and math.isinf(v)))
        if previous == rounded and not near:
            return rounded
        previous = None if near else rounded
    return rounded


def encode(v):
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    if v == 0 and math.copysign(1, v) < 0:
        return '-0'
    return v


def main():
    cases = []
    for x in vectors():
        # sparsemax: the exact fraction rounded once (Python's float() of a Fraction is correctly rounded)
        cases.append({'function': 'sparsemax', 'dtype': 'float64', 'x': [encode(v) for v in x], 'values': [encode(v) for v in sparsemax_exact(x)]})
    for name in ('softmax', 'softmin', 'log_softmax', 'logsumexp'):
        for x in vectors():
            if name == 'softmin':
                x = [(-v if v == -math.inf else v) for v in x]  # softmin masks +∞: the masks mirrored
            values, diagonal = stable_outputs(name, x, 'float64')
            cases.append({'function': name, 'dtype': 'float64', 'x': [encode(v) for v in x], 'values': [encode(v) for v in values], 'diagonal': [encode(v) for v in diagonal]})
            x32 = [v if math.isinf(v) else round_to_format(mpf(v), 'float32') for v in x]
            if any(math.isinf(v) and not math.isinf(w) for v, w in zip(x32, x)):
                continue  # float32 overflow: an infinite logit the float64 case did not have
            if any(math.isfinite(v) for v in x32):
                values, diagonal = stable_outputs(name, x32, 'float32')
                cases.append({'function': name, 'dtype': 'float32', 'x': [encode(v) for v in x], 'values': [encode(v) for v in values], 'diagonal': [encode(v) for v in diagonal]})
    with open(OUT, 'w') as file:
        json.dump({'generator': 'scripts/generate_vector_fixtures.py (mpmath ' + __import__('mpmath').__version__ + ')', 'cases': cases}, file, separators=(',', ':'))
        file.write('\n')
    print(f'{len(cases)} vector cases')


if __name__ == '__main__':
    main()
