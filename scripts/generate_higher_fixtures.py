#!/usr/bin/env python3
"""Reference second and third derivatives, and derivatives with respect to each numeric parameter,
for act's accuracy tests (issue 17), from the mathematical definitions in closed form.

Each closed form below is written from calculus, not from act's code, and is cross-checked against
mpmath's numerical derivative (mp.diff at 60 digits) of the *value* formula in
scripts/generate_fixtures.py at points away from kinks: a wrong closed form fails the run. Each
reference is the exact value rounded once to a double, with the precision raised until two levels
agree (`stable`, shared with the value generator).

At a kink the one-sided derivative of the right-hand piece is given (act's default convention).

Run on purpose, in its own commit:  python3 scripts/generate_higher_fixtures.py [name ...]
Output: test/fixtures/higher/<name>.json.gz at the points of `scripts/sweep-points.ts --higher` (every
binade of both signs, every branch point of the value, gradient and higher-derivative code ±2 ulp,
the kinks, the roots of f″ and f‴), plus for gelu the 1001 points of `act gelu --linspace -5:5:1001`.
"""
import gzip
import json
import math
import os
import subprocess
import sys

from mpmath import mp, mpf, exp, expm1, log1p, tanh, sqrt, pi, diff, sin, cos

import generate_fixtures as base
from generate_fixtures import P, sigmoid, softplus, erfc, stable, encode, encode_signed, decode_point, reference_params

ROOT = base.ROOT
OUT = os.path.join(ROOT, 'test', 'fixtures', 'higher')


def s1(x):
    """σ′(x) = σ(x)σ(−x)."""
    return sigmoid(x) * sigmoid(-x)


def s2(x):
    """σ″(x) = σ′(x)(1 − 2σ(x)) = −σ′(x)·tanh(x/2)."""
    return -s1(x) * tanh(x / 2)


def s3(x):
    """σ‴(x) = σ′(x)(1 − 6σ′(x))."""
    return s1(x) * (1 - 6 * s1(x))


def sech2(a):
    return 4 / (exp(a) + exp(-a)) ** 2


def tanh_derivatives(a):
    """tanh and its first three derivatives at a."""
    t = tanh(a)
    s = sech2(a)
    return t, s, -2 * t * s, -2 * s * (s - 2 * t * t)


def phi(t):
    return exp(-t * t / 2) / sqrt(2 * pi)


def zero(x, p):
    return mpf(0)


def step(condition):
    return mpf(1) if condition else mpf(0)


def chain(outer, inner):
    """Second and third derivatives of F(u(x)) from F′, F″, F‴ at u and u′, u″, u‴ (Faà di Bruno)."""
    f1, f2, f3 = outer
    u1, u2, u3 = inner
    return f2 * u1 ** 2 + f1 * u2, f3 * u1 ** 3 + 3 * f2 * u1 * u2 + f1 * u3


def swish_orders(x, b):
    """x·σ(bx): second 2bσ′ + b²xσ″, third 3b²σ″ + b³xσ‴."""
    return 2 * b * s1(b * x) + b * b * x * s2(b * x), 3 * b * b * s2(b * x) + b ** 3 * x * s3(b * x)


def gelu_orders(x):
    """x·Φ(x): second φ(x)(2 − x²), third φ(x)(x³ − 4x)."""
    return phi(x) * (2 - x * x), phi(x) * (x ** 3 - 4 * x)


def tanh_gelu_orders(x, c, k=mpf(0.044715)):
    """x·σ(u), u = 2c(x + kx³): S = σ(u); second 2S′ + xS″, third 3S″ + xS‴. k: the double 0.044715
    (Transformers), or the paper's decimal for gelu --approximate tanh."""
    u = 2 * c * (x + k * x ** 3)
    u1, u2, u3 = 2 * c * (1 + 3 * k * x * x), 12 * c * k * x, 12 * c * k
    first = s1(u) * u1
    second, third = chain((s1(u), s2(u), s3(u)), (u1, u2, u3))
    return 2 * first + x * second, 3 * second + x * third


def mish_orders(x):
    """x·t(x), t = tanh(softplus(x)): second 2t′ + xt″, third 3t″ + xt‴."""
    _, d1, d2, d3 = tanh_derivatives(softplus(x))
    g1, g2, g3 = sigmoid(x), s1(x), s2(x)
    t1 = d1 * g1
    t2, t3 = chain((d1, d2, d3), (g1, g2, g3))
    return 2 * t1 + x * t2, 3 * t2 + x * t3


def sqrt_softplus_orders(x):
    """√g, g = softplus: (√)′ = 1/(2√g), (√)″ = −1/(4g^1.5), (√)‴ = 3/(8g^2.5)."""
    g = softplus(x)
    r = sqrt(g)
    return chain((1 / (2 * r), -1 / (4 * g * r), 3 / (8 * g * g * r)), (sigmoid(x), s1(x), s2(x)))


def softplus_beta_gradient(x, b):
    """∂/∂β of softplus(βx)/β = (tσ(t) − softplus(t))/β², t = βx, written without cancellation."""
    t = b * x
    numerator = -(t * sigmoid(-t) + log1p(exp(-t))) if t > 0 else t * sigmoid(t) - log1p(exp(t))
    return numerator / (b * b)


def hardsigmoid_middle(x, p):
    a, b = P(p, 'alpha'), P(p, 'beta')
    return -b / a <= x < (1 - b) / a


def xielu_orders(x, p):
    if x >= 0:
        return 2 * P(p, 'alpha_p'), mpf(0)
    if x >= P(p, 'eps'):
        return mpf(0), mpf(0)
    return P(p, 'alpha_n') * exp(x), P(p, 'alpha_n') * exp(x)


def xielu_parameter(name):
    def gradient(x, p):
        if x >= 0:
            return {'alpha_p': x * x, 'alpha_n': mpf(0), 'beta': x, 'eps': mpf(0)}[name]
        eps = P(p, 'eps')
        return {'alpha_p': mpf(0), 'alpha_n': expm1(min(x, eps)) - x, 'beta': x,
                'eps': mpf(0) if x < eps else P(p, 'alpha_n') * exp(eps)}[name]
    return gradient


def laplace_orders(x):
    s = mpf(0.282095)
    t = base.laplace_t(x)
    return -t * phi(t) / s ** 2, (t * t - 1) * phi(t) / s ** 3


def snake_alpha_gradient(x, p):
    a = P(p, 'alpha')
    return x * sin(2 * a * x) / a - sin(a * x) ** 2 / (a * a)


def r(x, p):
    return sqrt(x * x + P(p, 'b'))


def sign_piece(x):
    """The sign of x on the right-hand piece at 0 (+1 there)."""
    return mpf(1) if x >= 0 else mpf(-1)


def orders_of(fn):
    """(second, third) from one function returning both."""
    return (lambda x, p: fn(x, p)[0]), (lambda x, p: fn(x, p)[1])


LINEAR = (zero, zero)

# name: (second(x, p), third(x, p), {parameter: ∂f/∂parameter (x, p)})
HIGHER = {
    'relu': (*LINEAR, {}),
    'relu6': (*LINEAR, {}),
    'leaky_relu': (*LINEAR, {'negative_slope': lambda x, p: mpf(0) if x >= 0 else x}),
    'prelu': (*LINEAR, {'weight': lambda x, p: mpf(0) if x >= 0 else x}),
    'rrelu': (*LINEAR, {'lower': lambda x, p: mpf(0) if x >= 0 else x / 2, 'upper': lambda x, p: mpf(0) if x >= 0 else x / 2}),
    'relu2': (lambda x, p: 2 * step(x >= 0), zero, {}),
    'star_relu': (lambda x, p: 2 * P(p, 'scale') * step(x >= 0), zero,
                  {'scale': lambda x, p: x * x if x >= 0 else mpf(0), 'bias': lambda x, p: mpf(1)}),
    'elu': (lambda x, p: mpf(0) if x >= 0 else P(p, 'alpha') * exp(x), lambda x, p: mpf(0) if x >= 0 else P(p, 'alpha') * exp(x),
            {'alpha': lambda x, p: mpf(0) if x >= 0 else expm1(x)}),
    'selu': (lambda x, p: mpf(0) if x >= 0 else P(p, 'scale') * P(p, 'alpha') * exp(x),
             lambda x, p: mpf(0) if x >= 0 else P(p, 'scale') * P(p, 'alpha') * exp(x),
             {'alpha': lambda x, p: mpf(0) if x >= 0 else P(p, 'scale') * expm1(x),
              'scale': lambda x, p: x if x >= 0 else P(p, 'alpha') * expm1(x)}),
    'celu': (lambda x, p: mpf(0) if x >= 0 else exp(x / P(p, 'alpha')) / P(p, 'alpha'),
             lambda x, p: mpf(0) if x >= 0 else exp(x / P(p, 'alpha')) / P(p, 'alpha') ** 2,
             {'alpha': lambda x, p: mpf(0) if x >= 0 else expm1(x / P(p, 'alpha')) - x / P(p, 'alpha') * exp(x / P(p, 'alpha'))}),
    'xielu': (*orders_of(xielu_orders), {name: xielu_parameter(name) for name in ('alpha_p', 'alpha_n', 'beta', 'eps')}),
    'gelu': (*orders_of(lambda x, p: gelu_orders(x) if p['approximate'] == 'none' else tanh_gelu_orders(x, sqrt(2 / pi), mpf('0.044715'))), {}),
    'silu': (*orders_of(lambda x, p: swish_orders(x, mpf(1))), {}),
    'swish': (*orders_of(lambda x, p: swish_orders(x, P(p, 'beta'))), {'beta': lambda x, p: x * x * s1(P(p, 'beta') * x)}),
    'mish': (*orders_of(lambda x, p: mish_orders(x)), {}),
    'softplus': (
        lambda x, p: mpf(0) if p['threshold'] is not None and P(p, 'beta') * x >= p['threshold'] else P(p, 'beta') * s1(P(p, 'beta') * x),
        lambda x, p: mpf(0) if p['threshold'] is not None and P(p, 'beta') * x >= p['threshold'] else P(p, 'beta') ** 2 * s2(P(p, 'beta') * x),
        {'beta': lambda x, p: mpf(0) if p['threshold'] is not None and P(p, 'beta') * x >= p['threshold'] else softplus_beta_gradient(x, P(p, 'beta')),
         'threshold': zero}),
    'squareplus': (lambda x, p: P(p, 'b') / (2 * r(x, p) ** 3), lambda x, p: -3 * P(p, 'b') * x / (2 * r(x, p) ** 5),
                   {'b': lambda x, p: 1 / (4 * r(x, p))}),
    'gelu_new': (*orders_of(lambda x, p: tanh_gelu_orders(x, sqrt(2 / pi))), {}),
    'gelu_fast': (*orders_of(lambda x, p: tanh_gelu_orders(x, mpf(0.7978845608))), {}),
    'gelu_10': (*orders_of(lambda x, p: gelu_orders(x) if x <= 10 else (mpf(0), mpf(0))), {}),
    'quick_gelu': (*orders_of(lambda x, p: swish_orders(x, mpf(1.702))), {}),
    'sqrtsoftplus': (*orders_of(lambda x, p: (-1 / (4 * x * sqrt(x)), 3 / (8 * x * x * sqrt(x)))
                                if p['threshold'] is not None and x > p['threshold'] else sqrt_softplus_orders(x)),
                     {'threshold': zero}),
    'sigmoid': (lambda x, p: s2(x), lambda x, p: s3(x), {}),
    'log_sigmoid': (lambda x, p: -s1(x), lambda x, p: -s2(x), {}),
    'tanh': (lambda x, p: tanh_derivatives(x)[2], lambda x, p: tanh_derivatives(x)[3], {}),
    'softsign': (lambda x, p: -2 * sign_piece(x) / (1 + abs(x)) ** 3, lambda x, p: 6 / (1 + abs(x)) ** 4, {}),
    'laplace': (*orders_of(lambda x, p: laplace_orders(x)), {}),
    'hardsigmoid': (*LINEAR, {'alpha': lambda x, p: x if hardsigmoid_middle(x, p) else mpf(0),
                              'beta': lambda x, p: step(hardsigmoid_middle(x, p))}),
    'hardswish': (lambda x, p: mpf(1) / 3 if -3 <= x < 3 else mpf(0), zero, {}),
    'hardtanh': (*LINEAR, {'min_val': lambda x, p: step(x < P(p, 'min_val')), 'max_val': lambda x, p: step(x >= P(p, 'max_val'))}),
    'sparse_plus': (lambda x, p: mpf(1) / 2 if -1 <= x < 1 else mpf(0), zero, {}),
    'sparse_sigmoid': (*LINEAR, {}),
    'tanhshrink': (lambda x, p: -tanh_derivatives(x)[2], lambda x, p: -tanh_derivatives(x)[3], {}),
    'softshrink': (*LINEAR, {'lambd': lambda x, p: mpf(-1) if x >= P(p, 'lambd') else mpf(1) if x < -P(p, 'lambd') else mpf(0)}),
    'hardshrink': (*LINEAR, {'lambd': zero}),
    'shrink': (*LINEAR, {'lambd': zero,
                         'bias': lambda x, p: mpf(-1) if x >= P(p, 'lambd') else mpf(1) if x < -P(p, 'lambd') else mpf(0)}),
    'threshold': (*LINEAR, {'threshold': zero, 'value': lambda x, p: mpf(0) if x >= P(p, 'threshold') else mpf(1)}),
    'thresholded_relu': (*LINEAR, {'alpha': zero}),
    'exponential': (lambda x, p: exp(x), lambda x, p: exp(x), {}),
    'identity': (*LINEAR, {}),
    'binary_step': (*LINEAR, {}),
    'snake': (lambda x, p: 2 * P(p, 'alpha') * cos(2 * P(p, 'alpha') * x), lambda x, p: -4 * P(p, 'alpha') ** 2 * sin(2 * P(p, 'alpha') * x),
              {'alpha': snake_alpha_gradient}),
    'sine': (lambda x, p: -P(p, 'omega0') ** 2 * sin(P(p, 'omega0') * x), lambda x, p: -P(p, 'omega0') ** 3 * cos(P(p, 'omega0') * x),
             {'omega0': lambda x, p: x * cos(P(p, 'omega0') * x)}),
}

CHECK_POINTS = (-7.3, -2.9, -1.1, -0.3, 0.2, 0.9, 2.4, 6.1, 13.7)


def check(name, p, kinks):
    """Each closed form agrees with mpmath's numerical derivative of the value formula away from kinks."""
    _, f, _, _, _ = base.FUNCTIONS[name]
    second, third, parameters = HIGHER[name]
    mp.dps = 60
    for x in CHECK_POINTS:
        if any(abs(x - float(k)) < 1e-3 for k in kinks) or (name == 'gelu_10' and abs(x - 10) < 1e-3):
            continue
        x = mpf(x)
        expected = [(f'second', second(x, p), diff(lambda t: f(t, p), x, 2)),
                    (f'third', third(x, p), diff(lambda t: f(t, p), x, 3))]
        for parameter, gradient in parameters.items():
            if p.get(parameter) is None:
                continue
            numeric = diff(lambda a: f(x, {**p, parameter: a}), P(p, parameter))
            expected.append((f'd_{parameter}', gradient(x, p), numeric))
        for label, analytic, numeric in expected:
            if abs(analytic - numeric) > mpf(10) ** -30 * max(1, abs(analytic)):
                raise AssertionError(f'{name} {p}: {label} disagrees at x={x}: {analytic} vs {numeric}')


def kinks_of(name, p):
    return [float(k) for k in base.FUNCTIONS[name][3](p)]


def linspace_points():
    """The inputs of `act gelu --linspace -5:5:1001` (act only chooses the inputs)."""
    out = subprocess.run(['node', os.path.join(ROOT, 'bin', 'act.js'), 'gelu', '--linspace', '-5:5:1001', '--format', 'csv', '--fields', 'x'],
                          cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [float(line) for line in out.split()[1:]]


def generate(item):
    name, entries = item
    base.CANCELS_FOR_LARGE_X = name == 'squareplus'
    second, third, parameters = HIGHER[name]
    cases = []
    for entry in entries:
        p = reference_params(name, entry['params'])
        check(name, p, kinks_of(name, p))
        names = [k for k in parameters if isinstance(entry['params'].get(k), (int, float)) and not isinstance(entry['params'].get(k), bool)]
        points = list(map(decode_point, entry['points']))
        if name == 'gelu':
            # keyed by sign too: a set would take −0 and 0 for one point
            merged = {(v, math.copysign(1, v)): v for v in points + linspace_points()}
            points = sorted(merged.values(), key=lambda v: (v, math.copysign(1, v)))
        rows = []
        for x in points:
            row = [encode_signed(x), encode(stable(lambda t: second(t, p), x)), encode(stable(lambda t: third(t, p), x))]
            row += [encode(stable(lambda t: parameters[k](t, p), x)) for k in names]
            rows.append(row)
        cases.append({'params': entry['params'], 'parameters': names, 'points': rows})
    text = json.dumps({'function': name, 'generator': 'scripts/generate_higher_fixtures.py (mpmath ' + __import__('mpmath').__version__ + ')',
                       'columns': ['x', 'second', 'third', 'd_<parameter>…'], 'cases': cases}, separators=(',', ':')) + '\n'
    return name, text


def main():
    only = set(a for a in sys.argv[1:] if not a.startswith('--'))
    os.makedirs(OUT, exist_ok=True)
    by_name = base.sweep_entries(only, '--higher')
    missing = set(by_name) - set(HIGHER)
    if missing:
        raise SystemExit(f'no higher-derivative formulas for {sorted(missing)}')
    if '--check' in sys.argv:
        for name, entries in by_name.items():
            for entry in entries:
                p = reference_params(name, entry['params'])
                check(name, p, kinks_of(name, p))
        print('closed forms agree with mp.diff')
        return
    from multiprocessing import Pool
    with Pool(int(os.environ.get('WORKERS', '2'))) as pool:
        for name, text in pool.imap_unordered(generate, sorted(by_name.items(), key=lambda item: -len(item[1]))):
            with open(os.path.join(OUT, f'{name}.json.gz'), 'wb') as raw, \
                    gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0) as file:
                file.write(text.encode('utf-8'))
            print(f'{name}: higher-derivative references written', flush=True)


if __name__ == '__main__':
    main()
