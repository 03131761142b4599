#!/usr/bin/env python3
"""Reference second derivatives of the vector functions (issue 17), from their definitions with mpmath:
the Hessian diagonal ∂²y_i/∂x_i² of softmax, softmin and log_softmax, logsumexp's full Hessian
diag(s) − s·sᵀ, and for the gated units ∂²y_i/∂x_i² and swiglu's ∂y_i/∂alpha and ∂y_i/∂offset.
Each reference is the exact value rounded once to a double, the precision raised until two levels agree.

The vectors are those of scripts/generate_vector_fixtures.py (random lengths and scales, masks,
ties, a dominant logit, subnormal probabilities), plus pairs for the gated units.

Run on purpose, in its own commit:  python3 scripts/generate_vector_higher_fixtures.py
Output: test/fixtures/vector-higher.json
"""
import json
import math
import os
import random
import sys

from mpmath import mp, mpf, exp

sys.path.insert(0, os.path.dirname(__file__))
from generate_fixtures import round_to_format  # noqa: E402
from generate_vector_fixtures import vectors, pieces, encode  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'vector-higher.json')


def softmax_parts(z):
    m, e, s, others, argmax = pieces(z)
    y = [ej / s for ej in e]
    complement = [(others if i == argmax else s - e[i]) / s for i in range(len(z))]
    return y, complement


def sigmoid(t):
    return 1 / (1 + exp(-t))


def swish(a, alpha):
    return a * sigmoid(alpha * a)


def swish_second(a, alpha):
    t = alpha * a
    s1 = sigmoid(t) * sigmoid(-t)
    s2 = s1 * (sigmoid(-t) - sigmoid(t))
    return alpha * (2 * s1 + t * s2)


def outputs(name, x, params):
    """(second diagonal, extra): extra is the Hessian rows (logsumexp) or the parameter gradients (swiglu)."""
    if name in ('softmax', 'softmin', 'log_softmax', 'logsumexp'):
        z = [-v for v in x] if name == 'softmin' else x
        y, c = softmax_parts(z)
        if name in ('softmax', 'softmin'):
            return [y[i] * c[i] * (c[i] - y[i]) for i in range(len(z))], None
        if name == 'log_softmax':
            return [-y[i] * c[i] for i in range(len(z))], None
        hessian = [[(y[i] * c[i] if i == j else -y[i] * y[j]) for j in range(len(z))] for i in range(len(z))]
        return [y[i] * c[i] for i in range(len(z))], hessian
    half = len(x) // 2
    a = [mpf(v) for v in x[:half]]
    b = [mpf(v) for v in x[half:]]
    if name == 'glu':
        # ∂²y_i/∂a_i² = 0: y_i is linear in a_i (x_i = a_i)
        return [mpf(0)] * half, None
    if name == 'swiglu':
        alpha, offset = mpf(params['alpha']), mpf(params['offset'])
        second = [swish_second(a[i], alpha) * (b[i] + offset) for i in range(half)]
        by_alpha = [a[i] ** 2 * sigmoid(alpha * a[i]) * sigmoid(-alpha * a[i]) * (b[i] + offset) for i in range(half)]
        by_offset = [swish(a[i], alpha) for i in range(half)]
        return second, {'alpha': by_alpha, 'offset': by_offset}
    raise KeyError(name)


def stable(name, x, params):
    previous = None
    for dps in (60, 120, 240, 480):
        mp.dps = dps
        second, extra = outputs(name, x, params)
        rounded = [round_to_format(v, 'float64') for v in second]
        if isinstance(extra, list):
            extra_rounded = [[round_to_format(v, 'float64') for v in row] for row in extra]
        elif isinstance(extra, dict):
            extra_rounded = {k: [round_to_format(v, 'float64') for v in vs] for k, vs in extra.items()}
        else:
            extra_rounded = None
        if previous == (rounded, extra_rounded):
            return rounded, extra_rounded
        previous = (rounded, extra_rounded)
    return previous


def main():
    cases = []
    for name in ('softmax', 'softmin', 'log_softmax', 'logsumexp'):
        for x in vectors():
            if name == 'softmin':
                x = [(-v if v == -math.inf else v) for v in x]
            if name == 'logsumexp' and len(x) > 50:
                continue  # the full Hessian of the long vectors adds nothing but size
            second, extra = stable(name, x, {})
            case = {'function': name, 'params': {}, 'x': [encode(v) for v in x], 'second': [encode(v) for v in second]}
            if extra is not None:
                case['hessian'] = [[encode(v) for v in row] for row in extra]
            cases.append(case)
    rng = random.Random(20261217)
    pairs = [[rng.uniform(-6, 6) for _ in range(2 * rng.randint(1, 6))] for _ in range(40)]
    pairs += [[1e-300, -40.0, 3.0, 2.0], [-700.0, 700.0, 1.0, -1.0], [0.0, 0.0]]
    for x in pairs:
        cases.append({'function': 'glu', 'params': {}, 'x': x, 'second': [encode(v) for v in stable('glu', x, {})[0]]})
        for params in ({'alpha': 1.0, 'offset': 0.0}, {'alpha': 1.702, 'offset': 1.0}):
            second, extra = stable('swiglu', x, params)
            cases.append({'function': 'swiglu', 'params': params, 'x': x, 'second': [encode(v) for v in second],
                          'parameters': {k: [encode(v) for v in vs] for k, vs in extra.items()}})
    with open(OUT, 'w') as file:
        json.dump({'generator': 'scripts/generate_vector_higher_fixtures.py (mpmath ' + __import__('mpmath').__version__ + ')', 'cases': cases}, file, separators=(',', ':'))
        file.write('\n')
    print(f'{len(cases)} cases')


if __name__ == '__main__':
    main()
