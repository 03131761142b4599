#!/usr/bin/env python3
"""Reference values for act's accuracy tests, from the mathematical definitions.

Every value and derivative is computed with mpmath from the textbook formula (not
from act's code), at a working precision that is raised until two successive
precisions round to the same double, and then rounded once to the nearest double.
Each analytic derivative is cross-checked against mpmath's numerical derivative.

Each reference is the exact value rounded once to the format (exact rational arithmetic on the mpf,
never float(mpf), which rounds subnormals twice). The sweep also keeps 24 digits of each exact value
(for the fast path's error bound) and the references in float32, float16 and bfloat16 at the sweep
points rounded to each (act --dtype).

Run on purpose, in its own commit:  python3 scripts/generate_fixtures.py [--sweep] [name ...]
Needs python3-mpmath (Debian) or `pip install mpmath`. Output: test/fixtures/elementwise/*.json, and
with --sweep test/fixtures/sweep/*.json.gz: the sweep of the whole double line (every binade of both
signs and every branch point of the code ±2 ulp), whose inputs scripts/sweep-points.ts lists.
"""
import gzip
import json
import math
from fractions import Fraction
import os
import random
import subprocess
import sys

from mpmath import mp, mpf, exp, expm1, log1p, tanh, sqrt, pi, diff, sin, cos
from mpmath import erfc as mpmath_erfc

ROOT = os.path.join(os.path.dirname(__file__), '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'elementwise')
SWEEP_OUT = os.path.join(ROOT, 'test', 'fixtures', 'sweep')

# Constants as the papers define them (Klambauer et al. 2017 closed forms give the 32 digits used by every framework).
SELU_ALPHA = '1.6732632423543772848170429916717'
SELU_SCALE = '1.0507009873554804934193349852946'


def erfc(z):
    # Beyond |z| = 1e6, erfc is 0 or 2 to far more digits than a double holds (and mpmath's series check overflows).
    if z > 10 ** 6:
        return mpf(0)
    if z < -10 ** 6:
        return mpf(2)
    return mpmath_erfc(z)


def sigmoid(x):
    return 1 / (1 + exp(-x))


def softplus(x):
    return log1p(exp(x)) if x < 0 else x + log1p(exp(-x))


def step(condition):
    return mpf(1) if condition else mpf(0)


def P(p, name):
    """A parameter as the exact value of the double the user gives (or a named exact constant)."""
    value = p[name]
    if value == '1/6':
        return mpf(1) / 6  # act takes hardsigmoid's default alpha as exactly one sixth, as PyTorch's relu6(x + 3)/6
    return mpf(value)


# name: (parameter sets, value(x, p), right-derivative(x, p), kinks(p), extra branch points)
# The derivative is the right-hand one at kinks (act's default convention).
FUNCTIONS = {
    'relu': ([{}], lambda x, p: max(x, 0), lambda x, p: step(x >= 0), lambda p: [0], []),
    'relu6': ([{}], lambda x, p: min(max(x, 0), 6), lambda x, p: step(0 <= x < 6), lambda p: [0, 6], []),
    'leaky_relu': (
        [{'negative_slope': 0.01}, {'negative_slope': 0.2}, {'negative_slope': 0.3}],
        lambda x, p: x if x > 0 else P(p, 'negative_slope') * x,
        lambda x, p: mpf(1) if x >= 0 else P(p, 'negative_slope'),
        lambda p: [0], []),
    'prelu': (
        [{'weight': 0.25}, {'weight': 0.1}],
        lambda x, p: x if x > 0 else P(p, 'weight') * x,
        lambda x, p: mpf(1) if x >= 0 else P(p, 'weight'),
        lambda p: [0], []),
    'rrelu': (
        [{'lower': 0.125, 'upper': 1 / 3}, {'lower': 0.1, 'upper': 0.3}],
        lambda x, p: x if x > 0 else (P(p, 'lower') + P(p, 'upper')) / 2 * x,
        lambda x, p: mpf(1) if x >= 0 else (P(p, 'lower') + P(p, 'upper')) / 2,
        lambda p: [0], []),
    'elu': (
        [{'alpha': 1}, {'alpha': 2}, {'alpha': 0.5}],
        lambda x, p: x if x > 0 else P(p, 'alpha') * expm1(x),
        lambda x, p: mpf(1) if x >= 0 else P(p, 'alpha') * exp(x),
        lambda p: [0] if p['alpha'] != 1 else [], [-37, -1e-8]),
    'selu': (
        [{'alpha': SELU_ALPHA, 'scale': SELU_SCALE}, {'alpha': 2, 'scale': 3}],
        lambda x, p: P(p, 'scale') * (x if x > 0 else P(p, 'alpha') * expm1(x)),
        lambda x, p: P(p, 'scale') * (1 if x >= 0 else P(p, 'alpha') * exp(x)),
        lambda p: [0], [-37, -1e-8]),
    'celu': (
        [{'alpha': 1}, {'alpha': 2}, {'alpha': 0.5}],
        lambda x, p: x if x > 0 else P(p, 'alpha') * expm1(x / P(p, 'alpha')),
        lambda x, p: mpf(1) if x >= 0 else exp(x / P(p, 'alpha')),
        lambda p: [], [-37, -1e-8]),
    'gelu': (
        [{'approximate': 'none'}, {'approximate': 'tanh'}],
        lambda x, p: x * erfc(-x / sqrt(2)) / 2 if p['approximate'] == 'none'
        else x * sigmoid(2 * sqrt(2 / pi) * (x + mpf('0.044715') * x ** 3)),
        lambda x, p: (erfc(-x / sqrt(2)) / 2 + x * exp(-x * x / 2) / sqrt(2 * pi)) if p['approximate'] == 'none'
        else gelu_tanh_derivative(x),
        lambda p: [], [-0.7517916243474118, -5, -38, 5, 1e-8]),
    'silu': ([{}], lambda x, p: x * sigmoid(x), lambda x, p: sigmoid(x) * (1 + x * (1 - sigmoid(x))) if x < 0
             else sigmoid(x) * (1 + x * sigmoid(-x)), lambda p: [], [-1.2784645427610738, -37, 37]),
    'swish': (
        [{'beta': 1}, {'beta': 2}, {'beta': 0.5}],
        lambda x, p: x * sigmoid(P(p, 'beta') * x),
        lambda x, p: sigmoid(P(p, 'beta') * x) * (1 + P(p, 'beta') * x * sigmoid(-P(p, 'beta') * x)),
        lambda p: [], [-1.2784645427610738, -37, 37]),
    'mish': ([{}], lambda x, p: x * tanh(softplus(x)), lambda x, p: mish_derivative(x), lambda p: [], [-1.1923834057450473, 20, 40, -37]),
    'softplus': (
        [{'beta': 1, 'threshold': None}, {'beta': 2, 'threshold': None}, {'beta': 1, 'threshold': 20}],
        lambda x, p: x if p['threshold'] is not None and P(p, 'beta') * x > p['threshold']
        else softplus(P(p, 'beta') * x) / P(p, 'beta'),
        # at βx = threshold exactly, the right-hand piece (x, gradient 1): act's default convention
        lambda x, p: mpf(1) if p['threshold'] is not None and P(p, 'beta') * x >= p['threshold']
        else sigmoid(P(p, 'beta') * x),
        lambda p: [], [-37, 20, 37]),
    'softsign': ([{}], lambda x, p: x / (1 + abs(x)), lambda x, p: 1 / (1 + abs(x)) ** 2, lambda p: [], []),
    'sigmoid': ([{}], lambda x, p: sigmoid(x), lambda x, p: sigmoid(x) * sigmoid(-x), lambda p: [], [-37, 37, -745]),
    'log_sigmoid': ([{}], lambda x, p: -softplus(-x), lambda x, p: sigmoid(-x), lambda p: [], [-37, 37]),
    'hardsigmoid': (
        [{'alpha': '1/6', 'beta': 0.5}, {'alpha': 0.2, 'beta': 0.5}],
        lambda x, p: max(mpf(0), min(mpf(1), P(p, 'alpha') * x + P(p, 'beta'))),
        lambda x, p: P(p, 'alpha') if -P(p, 'beta') / P(p, 'alpha') <= x < (1 - P(p, 'beta')) / P(p, 'alpha') else mpf(0),
        lambda p: [float(-P(p, 'beta') / P(p, 'alpha')), float((1 - P(p, 'beta')) / P(p, 'alpha'))], []),
    'hardswish': ([{}], lambda x, p: x * min(max(x + 3, 0), 6) / 6,
                  lambda x, p: mpf(0) if x < -3 else (2 * x + 3) / 6 if x < 3 else mpf(1), lambda p: [-3, 3], [-1.5]),
    'hardtanh': (
        [{'min_val': -1, 'max_val': 1}, {'min_val': -2, 'max_val': 3}],
        lambda x, p: min(max(x, P(p, 'min_val')), P(p, 'max_val')),
        lambda x, p: step(P(p, 'min_val') <= x < P(p, 'max_val')),
        lambda p: [p['min_val'], p['max_val']], []),
    'tanh': ([{}], lambda x, p: tanh(x), lambda x, p: 1 - tanh(x) ** 2 if abs(x) < 1 else 4 / (exp(x) + exp(-x)) ** 2,
             lambda p: [], [0.5, 19, 354, -0.5, -19, -354]),
    'tanhshrink': ([{}], lambda x, p: x - tanh(x), lambda x, p: tanh(x) ** 2, lambda p: [], [0.5, 1, 2, -0.5, -1, -2]),
    'softshrink': (
        [{'lambd': 0.5}, {'lambd': 1.5}],
        lambda x, p: x - P(p, 'lambd') if x > P(p, 'lambd') else x + P(p, 'lambd') if x < -P(p, 'lambd') else mpf(0),
        lambda x, p: step(x >= P(p, 'lambd') or x < -P(p, 'lambd')),
        lambda p: [-p['lambd'], p['lambd']], []),
    'hardshrink': (
        [{'lambd': 0.5}, {'lambd': 1.5}],
        lambda x, p: x if abs(x) > P(p, 'lambd') else mpf(0),
        lambda x, p: step(x >= P(p, 'lambd') or x < -P(p, 'lambd')),
        lambda p: [-p['lambd'], p['lambd']], []),
    'shrink': (
        [{'lambd': 0.5, 'bias': 0}, {'lambd': 1.5, 'bias': 1.5}, {'lambd': 1, 'bias': 0.25}],
        lambda x, p: x - P(p, 'bias') if x > P(p, 'lambd') else x + P(p, 'bias') if x < -P(p, 'lambd') else mpf(0),
        lambda x, p: step(x >= P(p, 'lambd') or x < -P(p, 'lambd')),
        lambda p: [-p['lambd'], p['lambd']], []),
    'threshold': (
        [{'threshold': 0, 'value': 0}, {'threshold': 1, 'value': -1}],
        lambda x, p: x if x > P(p, 'threshold') else P(p, 'value'),
        lambda x, p: step(x >= P(p, 'threshold')),
        lambda p: [p['threshold']], []),
    'thresholded_relu': (
        [{'alpha': 1}, {'alpha': 2}],
        lambda x, p: x if x > P(p, 'alpha') else mpf(0),
        lambda x, p: step(x >= P(p, 'alpha')),
        lambda p: [p['alpha']], []),
    'squareplus': (
        [{'b': 4}, {'b': 1}],
        lambda x, p: (x + sqrt(x * x + P(p, 'b'))) / 2,
        lambda x, p: (1 + x / sqrt(x * x + P(p, 'b'))) / 2,
        lambda p: [], [1e154, -1e154]),
    'sparse_plus': ([{}], lambda x, p: mpf(0) if x <= -1 else x if x >= 1 else (x + 1) ** 2 / 4,
                    lambda x, p: mpf(0) if x < -1 else mpf(1) if x >= 1 else (x + 1) / 2, lambda p: [], [-1, 1]),
    'sparse_sigmoid': ([{}], lambda x, p: mpf(0) if x <= -1 else mpf(1) if x >= 1 else (x + 1) / 2,
                       lambda x, p: step(-1 <= x < 1) / 2, lambda p: [-1, 1], []),
    'exponential': ([{}], lambda x, p: exp(x), lambda x, p: exp(x), lambda p: [], [709.782712893384, -745.1332191019411]),
    'identity': ([{}], lambda x, p: x, lambda x, p: mpf(1), lambda p: [], []),
    'binary_step': ([{}], lambda x, p: step(x > 0), lambda x, p: mpf(0), lambda p: [0], []),
    # Hugging Face Transformers (activations.py): decimal literals are the doubles Python holds
    # (mpf of a float is exact); √(2/π) and √2, computed there with math.sqrt, are the real constants.
    'gelu_new': ([{}], lambda x, p: tanh_gelu(x, sqrt(2 / pi)), lambda x, p: tanh_gelu_derivative(x, sqrt(2 / pi)),
                 lambda p: [], [-0.7522, -5, -38, 5, 1e-8]),
    'gelu_fast': ([{}], lambda x, p: tanh_gelu(x, mpf(0.7978845608)), lambda x, p: tanh_gelu_derivative(x, mpf(0.7978845608)),
                  lambda p: [], [-0.7522, -5, -38, 5, 1e-8]),
    'gelu_10': ([{}], lambda x, p: x * erfc(-x / sqrt(2)) / 2 if x <= 10 else mpf(10),
                lambda x, p: (erfc(-x / sqrt(2)) / 2 + x * exp(-x * x / 2) / sqrt(2 * pi)) if x <= 10 else mpf(0),
                lambda p: [], [-0.7517916243474118, -5, -38, 10, 9.999999999999998, 10.000000000000002]),
    'quick_gelu': ([{}], lambda x, p: x * sigmoid(mpf(1.702) * x),
                   lambda x, p: sigmoid(mpf(1.702) * x) * (1 + mpf(1.702) * x * sigmoid(-mpf(1.702) * x)),
                   lambda p: [], [-1.2784645427610738 / 1.702, -37 / 1.702, 37 / 1.702]),
    'laplace': ([{}], lambda x, p: erfc(-laplace_t(x) / sqrt(2)) / 2,
                lambda x, p: exp(-laplace_t(x) ** 2 / 2) / sqrt(2 * pi) / mpf(0.282095),
                lambda p: [], [0.707107, 0.707107 + 8.3 * 0.282095, 0.707107 - 26 * 0.282095, 0.707107 - 39 * 0.282095]),
    'relu2': ([{}], lambda x, p: x * x if x > 0 else mpf(0), lambda x, p: 2 * x if x > 0 else mpf(0), lambda p: [0], [1e154, 1e-160]),
    'star_relu': (
        [{'scale': 0.8944, 'bias': -0.4472}, {'scale': 2, 'bias': 0.25}],
        lambda x, p: P(p, 'scale') * x * x + P(p, 'bias') if x > 0 else P(p, 'bias'),
        lambda x, p: 2 * P(p, 'scale') * x if x > 0 else mpf(0),
        lambda p: [0], [0.7071067811865476, 1e154]),
    'xielu': (
        [{'alpha_p': 0.80078125, 'alpha_n': 0.80078125, 'beta': 0.5, 'eps': -9.98377799987793e-7},
         {'alpha_p': 0.5, 'alpha_n': 1.5, 'beta': 0.25, 'eps': -1e-3}],
        lambda x, p: xielu_value(x, p), lambda x, p: xielu_derivative(x, p),
        lambda p: [p['eps'], 0], [-2.4, -1, -1e-7]),
    'sqrtsoftplus': (
        [{'threshold': None}, {'threshold': 20}],
        lambda x, p: sqrt(x) if p['threshold'] is not None and x > p['threshold'] else sqrt(softplus(x)),
        lambda x, p: 1 / (2 * sqrt(x)) if p['threshold'] is not None and x > p['threshold'] else sigmoid(x) / (2 * sqrt(softplus(x))),
        lambda p: [], [-37, -745, -1400, 20, 40]),
    'snake': (
        [{'alpha': 1}, {'alpha': 0.5}],
        lambda x, p: x + sin(P(p, 'alpha') * x) ** 2 / P(p, 'alpha'),
        lambda x, p: 1 + sin(2 * P(p, 'alpha') * x),
        lambda p: [], [-0.7853981633974483, 2.356194490192345, -1.2, 1e9, -1e9]),
    'sine': (
        [{'omega0': 30}, {'omega0': 1}],
        lambda x, p: sin(P(p, 'omega0') * x),
        lambda x, p: P(p, 'omega0') * cos(P(p, 'omega0') * x),
        lambda p: [], [0.10471975511965977, 0.05235987755982988, 3.141592653589793, 355, 1e9]),
}


def tanh_gelu(x, c):
    return x * sigmoid(2 * c * (x + mpf(0.044715) * x ** 3))


def tanh_gelu_derivative(x, c):
    k = mpf(0.044715)
    z = c * (x + k * x ** 3)
    s = sigmoid(2 * z)
    return s + x * 2 * s * sigmoid(-2 * z) * c * (1 + 3 * k * x * x)


def laplace_t(x):
    return (x - mpf(0.707107)) / mpf(0.282095)


def xielu_value(x, p):
    if x > 0:
        return P(p, 'alpha_p') * x * x + P(p, 'beta') * x
    return (expm1(min(x, P(p, 'eps'))) - x) * P(p, 'alpha_n') + P(p, 'beta') * x


def xielu_derivative(x, p):
    # the right piece at the kinks eps and 0 (act's default convention)
    if x >= 0:
        return 2 * P(p, 'alpha_p') * x + P(p, 'beta')
    if x >= P(p, 'eps'):
        return P(p, 'beta') - P(p, 'alpha_n')
    return exp(x) * P(p, 'alpha_n') - P(p, 'alpha_n') + P(p, 'beta')


def gelu_tanh_derivative(x):
    c = sqrt(2 / pi)
    k = mpf('0.044715')
    z = c * (x + k * x ** 3)
    s = sigmoid(2 * z)  # (1 + tanh z) / 2
    # d/dx [x·σ(2z)] = σ(2z) + x·2σ(2z)σ(−2z)·z′
    return s + x * 2 * s * sigmoid(-2 * z) * c * (1 + 3 * k * x * x)


def mish_derivative(x):
    sp = softplus(x)
    t = tanh(sp)
    return t + x * sigmoid(x) * (1 - t * t) if abs(t) < mpf('0.5') else t + x * sigmoid(x) * 4 / (exp(sp) + exp(-sp)) ** 2


# Only squareplus's (x + √(x² + b))/2 cancels as badly for huge |x| as x − tanh x does for tiny x;
# elsewhere a large |x| needs no more digits than the doubling below finds.
CANCELS_FOR_LARGE_X = False


# Lower formats: significant bits, exponent of the smallest normal, largest finite value.
FORMATS = {
    'float64': (53, -1022, Fraction(2 ** 53 - 1) * 2 ** 971),
    'float32': (24, -126, Fraction(2 ** 24 - 1) * 2 ** 104),
    'float16': (11, -14, Fraction(65504)),
    'bfloat16': (8, -126, Fraction(2 ** 8 - 1) * 2 ** 120),
}


def exact_fraction(v):
    """An mpf's exact value."""
    sign, man, exp, _ = v._mpf_
    value = Fraction(man) * (Fraction(2) ** exp)
    return -value if sign else value


def quantum_of(a, fmt):
    """The spacing of the format's numbers at the positive fraction a (its ulp there)."""
    precision, min_exponent, _ = FORMATS[fmt]
    exponent = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** exponent > a:
        exponent -= 1
    return Fraction(2) ** (max(exponent, min_exponent) - precision + 1)


def round_to_format(v, fmt='float64'):
    """v rounded once to the format (nearest, ties to even, subnormals, overflow to inf), as a float.

    Not float(v): mpmath rounds to 53 bits first and then to the subnormal grid, a double rounding
    that is wrong at subnormal midpoints (silu(-1e-310) came out as -5e-311 instead of -4.9999999999997e-311).
    """
    v = mpf(v)
    if not mp.isfinite(v):
        return float(v)
    sign, man, exp, bits = v._mpf_
    negative = bool(sign)
    # Far outside the format (|v| < 2^-1200 or > 2^1100): a zero or an infinity, without huge fractions.
    if man and exp + bits < -1200:
        return -0.0 if negative else 0.0
    if man and exp + bits > 1100:
        return -math.inf if negative else math.inf
    f = exact_fraction(v)
    a = abs(f)
    if a == 0:
        return -0.0 if negative else 0.0
    quantum = quantum_of(a, fmt)
    scaled = a / quantum
    n = scaled.numerator // scaled.denominator
    rest = scaled - n
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and n % 2 == 1):
        n += 1
    result = n * quantum
    magnitude = math.inf if result > FORMATS[fmt][2] else float(result)
    return -magnitude if negative else magnitude


def midpoint_distance(value, fmt):
    """|v − the nearest rounding midpoint of the format| / |v|, exactly; None for zero and non-finite v."""
    value = mpf(value)
    if not mp.isfinite(value) or value == 0:
        return None
    sign, man, exp, bits = value._mpf_
    if exp + bits < -1200 or exp + bits > 1100:
        return None
    f = abs(exact_fraction(value))
    quantum = quantum_of(f, fmt)
    scaled = f / quantum
    fraction = scaled - scaled.numerator // scaled.denominator
    return abs(fraction - Fraction(1, 2)) * quantum / f


def stable(fn, x, fmt='float64', digits=None):
    """The correctly rounded value of fn(x) in the format: precision is raised until two successive levels agree.
    With `digits`, also the exact value to that many significant digits, as text."""
    # Start with enough digits for cancellations that span the whole exponent range (x − tanh x at
    # x = 1e-48, (x + √(x² + b))/2 at x = −1e308), then double until two levels round alike.
    magnitude = int(abs(math.log10(abs(x)))) if x != 0 and math.isfinite(x) else 0
    start = 40 + (2 * magnitude if abs(x) < 1 or CANCELS_FOR_LARGE_X else 0)
    previous = None
    levels = (start, 2 * start, 4 * start, 8 * start, 16 * start)
    for dps in levels:
        mp.dps = dps
        exact = fn(mpf(x))
        value = round_to_format(exact, fmt)
        # A value within this precision's error of a midpoint is not settled, however many levels agree
        # (tanh(−410) is −1 to 356 digits, so x − tanh x looks like the midpoint −409 in bfloat16);
        # at the last level a midpoint is taken as exact (a rational function's tie, ties to even).
        distance = midpoint_distance(exact, fmt)
        if distance is not None and distance < Fraction(1, 10 ** (dps - 8)) and dps != levels[-1]:
            previous = None
            continue
        if dps == levels[-1] or previous is not None and (value == previous or (math.isnan(value) and math.isnan(previous))):
            return (value, mp.nstr(exact, digits, min_fixed=1, max_fixed=0)) if digits else value
        previous = value
    raise RuntimeError(f'no stable rounding at x={x!r}')


def neighbours(x, count=2):
    points = [x]
    up = down = x
    for _ in range(count):
        up = math.nextafter(up, math.inf)
        down = math.nextafter(down, -math.inf)
        points += [up, down]
    return points


def sample_points(kinks, extras):
    rng = random.Random(20261128)
    points = [0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, -2.2250738585072014e-308,
              1e-300, -1e-300, 1e-20, -1e-20, 1e-8, -1e-8, 1e308, -1e308, 1.7976931348623157e308, -1.7976931348623157e308]
    for exponent in range(-300, 309, 7):
        for sign in (1, -1):
            points.append(sign * rng.uniform(1, 10) * 10.0 ** exponent)
    for i in range(-40, 41):
        points.append(i / 4)
    for _ in range(160):
        points.append(rng.uniform(-10, 10))
    for _ in range(60):
        points.append(rng.uniform(-40, 40))
    for magnitude in (19, 20, 36, 37, 38, 100, 700, 710, 745, 1000):
        points += [magnitude, -magnitude, magnitude + 0.5, -magnitude - 0.5]
    for kink in kinks:
        points += neighbours(float(kink))
        points += [float(kink) + 1e-12, float(kink) - 1e-12]
    for extra in extras:
        points += neighbours(float(extra))
    unique = {}
    for point in points:
        if math.isfinite(point):
            unique[(point, math.copysign(1, point))] = point
    return sorted(unique.values())


def encode(value):
    if math.isnan(value):
        return 'NaN'
    if math.isinf(value):
        return 'Infinity' if value > 0 else '-Infinity'
    return value


def check_derivative(name, p, f, d, kinks):
    """The analytic derivative agrees with mpmath's numerical derivative away from kinks."""
    mp.dps = 60
    for x in (-7.3, -2.9, -1.1, -0.3, 0.2, 0.9, 2.4, 6.1, 13.7):
        if any(abs(x - float(k)) < 1e-3 for k in kinks):
            continue
        analytic = d(mpf(x), p)
        numeric = diff(lambda t: f(t, p), mpf(x))
        if abs(analytic - numeric) > mpf(10) ** -40 * max(1, abs(analytic)):
            raise AssertionError(f'{name} {p}: derivative formula disagrees at x={x}: {analytic} vs {numeric}')


def reference_params(name, params):
    """act's resolved parameters as the generator's: the published constants where act uses them."""
    p = dict(params)
    if name == 'selu' and p.get('alpha') == float(mpf(SELU_ALPHA)) and p.get('scale') == float(mpf(SELU_SCALE)):
        p['alpha'], p['scale'] = SELU_ALPHA, SELU_SCALE
    if name == 'hardsigmoid' and p.get('alpha') == 1 / 6:
        p['alpha'] = '1/6'  # act takes the default as exactly one sixth
    return p


def decode_point(x):
    return -0.0 if x == '-0' else float(x)


def sweep_entries(only, *flags):
    """The sweep's points (scripts/sweep-points.ts, with its flags) by function name, for the names in `only` (all when empty)."""
    listing = subprocess.run(['node', '--import', 'tsx', os.path.join(ROOT, 'scripts', 'sweep-points.ts'), *flags],
                             cwd=ROOT, check=True, capture_output=True, text=True).stdout
    by_name = {}
    for line in listing.splitlines():
        entry = json.loads(line)
        if only and entry['name'] not in only:
            continue
        by_name.setdefault(entry['name'], []).append(entry)
    return by_name


def sweep(only, workers):
    """Reference values at the sweep points, one gzip'd JSON file per function."""
    os.makedirs(SWEEP_OUT, exist_ok=True)
    by_name = sweep_entries(only)
    from multiprocessing import Pool
    with Pool(workers) as pool:
        for name, text in pool.imap_unordered(sweep_one, list(by_name.items())):
            # mtime 0 and no file name in the header: the same references give the same bytes.
            with open(os.path.join(SWEEP_OUT, f'{name}.json.gz'), 'wb') as raw, \
                    gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0) as file:
                file.write(text.encode('utf-8'))
            print(f'{name}: sweep written', flush=True)


# Significant digits of the exact value kept beside each rounded reference of the sweep: enough to
# check the fast path's error bound (2^-72 relative, about 2.1e-22).
DIGITS = 24
LOWER_FORMATS = ('float32', 'float16', 'bfloat16')


def sweep_one(item):
    name, entries = item
    global CANCELS_FOR_LARGE_X
    CANCELS_FOR_LARGE_X = name == 'squareplus'
    _, f, d, _, _ = FUNCTIONS[name]
    cases = []
    for entry in entries:
        p = reference_params(name, entry['params'])
        points = list(map(decode_point, entry['points']))
        rows = []
        for x in points:
            value, value_digits = stable(lambda t: f(t, p), x, digits=DIGITS)
            derivative, derivative_digits = stable(lambda t: d(t, p), x, digits=DIGITS)
            rows.append([encode_signed(x), encode(value), encode(derivative), value_digits, derivative_digits])
        # --dtype: x rounded to the format, the exact result rounded once to it.
        lower = {}
        for fmt in LOWER_FORMATS:
            inputs = {}
            for x in points:
                rounded = x if x == 0 else round_to_format(mpf(x), fmt)
                if math.isfinite(rounded):
                    inputs[(rounded, math.copysign(1, rounded))] = rounded
            lower[fmt] = [[encode_signed(x), encode(stable(lambda t: f(t, p), x, fmt)), encode(stable(lambda t: d(t, p), x, fmt))]
                          for x in sorted(inputs.values())]
        cases.append({'params': entry['params'], 'points': rows, 'dtypes': lower})
    text = json.dumps({'function': name, 'generator': 'scripts/generate_fixtures.py --sweep (mpmath ' + __import__('mpmath').__version__ + ')',
                       'cases': cases}, separators=(',', ':')) + '\n'
    return name, text


def encode_signed(x):
    return '-0' if x == 0 and math.copysign(1, x) < 0 else encode(x)


def main():
    if '--sweep' in sys.argv:
        only = set(a for a in sys.argv[1:] if not a.startswith('--'))
        sweep(only, int(os.environ.get('WORKERS', '2')))
        return
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    global CANCELS_FOR_LARGE_X
    for name, (param_sets, f, d, kinks_of, extras) in FUNCTIONS.items():
        if only and name not in only:
            continue
        CANCELS_FOR_LARGE_X = name == 'squareplus'
        cases = []
        for p in param_sets:
            kinks = kinks_of(p)
            check_derivative(name, p, f, d, kinks)
            rows = []
            for x in sample_points(kinks, extras):
                value = stable(lambda t: f(t, p), x)
                derivative = stable(lambda t: d(t, p), x)
                rows.append([encode(x), encode(value), encode(derivative)])
            params = {key: (float(P(p, key)) if isinstance(v, str) and v[0].isdigit() else v) for key, v in p.items()}
            cases.append({'params': params, 'kinks': [float(k) for k in kinks], 'points': rows})
        with open(os.path.join(OUT, f'{name}.json'), 'w') as file:
            json.dump({'function': name, 'generator': 'scripts/generate_fixtures.py (mpmath ' + __import__('mpmath').__version__ + ')',
                       'cases': cases}, file, separators=(',', ':'))
            file.write('\n')
        print(f'{name}: {sum(len(c["points"]) for c in cases)} points', flush=True)


if __name__ == '__main__':
    main()
