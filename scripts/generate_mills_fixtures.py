#!/usr/bin/env python3
"""Reference values for gelu's fast path (src/core/mills-ratio.ts and its use in smooth.ts).

At every point t: the Mills ratio R(t) = Φ(−t)/φ(t), and gelu and gelu′ at x = −t and x = t (x < 26),
each to 40 significant digits and rounded once to float64, from mpmath at 200 bits. The points are
every expansion's centre t0 = k/32 and both ends of its interval (t0 ± 1/64, where |t − t0| is
largest), for 0 ≤ t ≤ 37, and 3,000 random points (fixed seed), a third of them on [0, 2] where
the expansions need the most terms.

Run on purpose, in its own commit:  python3 scripts/generate_mills_fixtures.py  (about half a minute)
Output: test/fixtures/mills-ratio.json.gz
"""
import gzip
import json
import os
import random
import sys

import mpmath
from mpmath import mp, mpf

sys.path.insert(0, os.path.dirname(__file__))
from generate_fixtures import round_to_format  # noqa: E402

mp.prec = 200
LIMIT = 37
SATURATED = 26


def mills_ratio(t):
    return mp.sqrt(mp.pi / 2) * mp.exp(t * t / 2) * mp.erfc(t / mp.sqrt(2))


def gelu(x):
    return x * mp.ncdf(x)


def gelu_derivative(x):
    return mp.ncdf(x) + x * mp.npdf(x)


def entry(value):
    return [mp.nstr(value, 40, min_fixed=1, max_fixed=0), round_to_format(value)]


def main():
    random.seed(19)
    points = set()
    for k in range(LIMIT * 32 + 1):
        for offset in (-1 / 64, 0, 1 / 64):
            t = k / 32 + offset
            if 0 <= t <= LIMIT:
                points.add(t)
    points.update(random.uniform(0, LIMIT) for _ in range(2000))
    points.update(random.uniform(0, 2) for _ in range(1000))
    rows = []
    for t in sorted(points):
        x = mpf(t)
        row = {'t': t, 'ratio': entry(mills_ratio(x)), 'negative': [entry(gelu(-x)), entry(gelu_derivative(-x))]}
        if t < SATURATED:
            row['positive'] = [entry(gelu(x)), entry(gelu_derivative(x))]
        rows.append(row)
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'mills-ratio.json.gz')
    document = {'generator': f'scripts/generate_mills_fixtures.py (mpmath {mpmath.__version__})', 'rows': rows}
    with gzip.open(path, 'wt', encoding='utf-8') as out:
        json.dump(document, out, separators=(',', ':'))
    print(f'{len(rows)} points -> {path}')


if __name__ == '__main__':
    main()
