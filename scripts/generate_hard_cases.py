#!/usr/bin/env python3
"""Hard cases for correct rounding: inputs whose exact value or derivative lies closer to a rounding
midpoint of the target format than act's fast path can tell apart (its bound is 2^-72 relative).

Random sampling almost never finds them, so they are constructed:
  - Taylor families near 0: x = ±m·2^-k (m = 1, 3, 5, 7). Where f(0) and f'(0) are simple dyadic
    numbers, f(x) ≈ f(0) + f'(0)·x lands on a midpoint and the next term is the tiny distance
    (σ(x) = 1/2 + x/4 − x³/48 + …, σ'(x) = 1/4 − x²/16 + …, e^x, silu, elu with alpha 1/2, …);
  - odd subnormal x, where f(x) ≈ x/2 is a midpoint of the subnormal grid (gelu, silu, hardswish);
  - a scan of 20,000 doubles on each side of the non-zero roots of f' (gelu', silu', swish', mish' and
    the Transformers GELU variants'),
    keeping the closest to a midpoint.
Each case is kept only if mpmath at high precision puts it within 2^-70 (float64) or, for --dtype,
within 2^-56 of a midpoint of the lower format (close enough that the float64 result is that
midpoint and rounding it again would be a coin toss). The expected result is the exact value
rounded once, from scripts/generate_fixtures.py's exact rounding.

Run on purpose, in its own commit:  python3 scripts/generate_hard_cases.py  (about a minute)
Output: test/fixtures/hard-cases.json
"""
import json
import math
import os
import sys
from fractions import Fraction

from mpmath import mp, mpf, findroot

sys.path.insert(0, os.path.dirname(__file__))
from generate_fixtures import FORMATS, FUNCTIONS, P, midpoint_distance, round_to_format  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'hard-cases.json')
PIECEWISE = {'relu', 'relu6', 'leaky_relu', 'prelu', 'rrelu', 'hardtanh', 'sparse_sigmoid', 'softshrink', 'hardshrink',
             'shrink', 'threshold', 'thresholded_relu', 'identity', 'binary_step'}
LIMIT = {'float64': Fraction(1, 2 ** 70), 'float32': Fraction(1, 2 ** 56), 'float16': Fraction(1, 2 ** 56), 'bfloat16': Fraction(1, 2 ** 56)}
# Roots of f' (act's near-root facts) to scan around.
ROOTS = {'gelu': -0.7518, 'silu': -1.2785, 'swish': -1.2785, 'mish': -1.1924, 'gelu_new': -0.7522, 'gelu_fast': -0.7522,
         'gelu_10': -0.7518, 'quick_gelu': -1.2785 / 1.702}


def params_of(p):
    return {key: (float(P(p, key)) if isinstance(v, str) and v[0].isdigit() else v) for key, v in p.items()}


def candidates(fmt):
    points = []
    for k in range(8, 90):
        for m in (1, 3, 5, 7):
            points += [m * 2.0 ** -k, -m * 2.0 ** -k]
    if fmt == 'float64':
        for m in (1, 3, 5, 7, 9, 11, 2 ** 20 + 1, 2 ** 40 + 3):
            points += [m * 5e-324, -m * 5e-324]
    return [x for x in points if round_to_format(mpf(x), fmt) == x]


def confirmed(fn, x, fmt):
    """The exact value rounded once and its distance to the nearest midpoint, agreed at two high precisions."""
    results = []
    for dps in (450, 900):
        mp.dps = dps
        value = fn(mpf(x))
        results.append((round_to_format(value, fmt), midpoint_distance(value, fmt)))
    (first, distance), (second, _) = results
    return (first, distance) if first == second or (math.isnan(first) and math.isnan(second)) else None


def near_root_points(derivative, root):
    mp.dps = 40
    exact_root = float(findroot(derivative, mpf(root)))
    points = [exact_root]
    up = down = exact_root
    for _ in range(20000):
        up = math.nextafter(up, math.inf)
        down = math.nextafter(down, -math.inf)
        points += [up, down]
    return points


def main():
    cases = []
    for name, (param_sets, f, d, _, _) in FUNCTIONS.items():
        if name in PIECEWISE:
            continue
        for p in param_sets[:2]:
            for gradient, fn in ((False, f), (True, d)):
                def g(t, fn=fn, p=p):
                    return fn(t, p)
                for fmt in FORMATS:
                    found = []
                    for x in candidates(fmt):
                        mp.dps = 60
                        rough = midpoint_distance(g(mpf(x)), fmt)
                        if rough is None or rough > LIMIT[fmt] * 2 ** 8:
                            continue
                        result = confirmed(g, x, fmt)
                        if result and result[1] is not None and 0 < result[1] < LIMIT[fmt]:
                            found.append((result[1], x, result[0]))
                    found.sort()
                    found = found[:6]
                    # Near the root of f′ the value is tiny and random: the three closest to a midpoint of 40,001.
                    if gradient and fmt == 'float64' and name in ROOTS and (name != 'swish' or p.get('beta') == 1):
                        root = ROOTS[name] if p.get('approximate') != 'tanh' else -0.7522
                        scored = []
                        for x in near_root_points(g, root):
                            distance = midpoint_distance(g(mpf(x)), fmt)
                            if distance is not None:
                                scored.append((distance, x))
                        scored.sort()
                        for distance, x in scored[:3]:
                            result = confirmed(g, x, fmt)
                            if result:
                                found.append((result[1], x, result[0]))
                    for distance, x, want in found:
                        cases.append({'function': name, 'params': params_of(p), 'dtype': fmt, 'gradient': gradient, 'x': x, 'want': want,
                                      'log2Distance': round(math.log2(distance.numerator) - math.log2(distance.denominator), 1)})
        print(f'{name}: {sum(1 for c in cases if c["function"] == name)} hard cases', flush=True)
    with open(OUT, 'w') as file:
        json.dump({'generator': 'scripts/generate_hard_cases.py (mpmath ' + __import__('mpmath').__version__ + ')', 'cases': cases}, file, indent=0)
        file.write('\n')


if __name__ == '__main__':
    main()
