#!/usr/bin/env python3
"""Tensor files written by NumPy (and safetensors files written by hand from the format's
specification), with what NumPy says they hold, for test/tensor/. Run with Debian's python3:

    /usr/bin/python3 scripts/generate_tensor_fixtures.py

Writes test/fixtures/tensors/*.npy, *.safetensors and manifest.json. Every expected element is
the float64 bit pattern of NumPy's own reading of the file (NumPy converts each element to a
double exactly), so the reading tests run where NumPy is not installed.
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'tensors')
manifest = {'files': {}, 'refused': {}}


def bits(values):
    """The float64 bit pattern of each element (row-major), as 16 hex digits."""
    return [struct.pack('>d', float(v)).hex() for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def record(name, arrays):
    manifest['files'][name] = [{'name': n, 'dtype': d, 'shape': list(s), 'bits': b} for n, d, s, b in arrays]


def save(name, array, version=None):
    path = os.path.join(OUT, name)
    with open(path, 'wb') as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=array.dtype.hasobject)


def plain(name, array, version=None, dtype=None):
    save(name, array, version)
    loaded = np.load(os.path.join(OUT, name))
    record(name, [('', dtype or {2: 'float16', 4: 'float32', 8: 'float64'}[loaded.dtype.itemsize], loaded.shape, bits(loaded))])


specials = [np.nan, np.inf, -np.inf, -0.0, 0.0, 5e-324, 2.2250738585072014e-308, -1.7976931348623157e308, 1 / 3, -2.5]
plain('f4_c.npy', np.linspace(-5, 5, 11, dtype=np.float32))
plain('f8_be_2x5.npy', np.array(specials, dtype='>f8').reshape(2, 5))
plain('f4_be.npy', np.array([1.5, -0.1, 3.4028234663852886e38, 1e-45, np.nan], dtype='>f4'))
half = np.array([6e-8, -6.1e-5, 65504, -65504, np.inf, np.nan, 0.1, -0.0, 1, 2, 3, 4.5] * 2, dtype='<f2').reshape(2, 3, 4)
plain('f2_fortran_2x3x4.npy', np.asfortranarray(half))
plain('f8_fortran_3x2.npy', np.asfortranarray(np.arange(6, dtype='<f8').reshape(3, 2) - 2.5))
plain('f4_v2.npy', np.array([0.25, -0.75], dtype='<f4'), version=(2, 0))
plain('f8_v3.npy', np.array([1e300, -1e-300], dtype='<f8'), version=(3, 0))
plain('f8_scalar.npy', np.array(0.5, dtype='<f8'))
plain('f4_empty.npy', np.zeros((0, 3), dtype='<f4'))

structured = np.zeros(4, dtype=[('x', '<f4'), ('value', '<f4'), ('gradient', '<f4')])
structured['x'] = [-1, 0, 1, 2]
structured['value'] = [-0.15865525, 0, 0.84134475, 1.9544997]
structured['gradient'] = [-0.08331547, 0.5, 1.0833155, 1.0852318]
save('structured.npy', structured)
record('structured.npy', [(f, 'float32', (4,), bits(structured[f])) for f in ('x', 'value', 'gradient')])

padded = np.zeros(3, dtype=np.dtype({'names': ['x', 'value'], 'formats': ['<f4', '>f8'], 'offsets': [0, 8], 'itemsize': 24}))
padded['x'] = [1, 2, 3]
padded['value'] = [-1e-10, 0.5, 7]
save('structured_padded.npy', padded)
record('structured_padded.npy', [('x', 'float32', (3,), bits(padded['x'])), ('value', 'float64', (3,), bits(padded['value']))])

# bfloat16 as bit patterns: NumPy's value of each is the float32 whose upper half they are.
bf_bits = np.array([0x3F80, 0xC000, 0x0001, 0x7F7F, 0xFF80, 0x7FC0, 0x8000, 0x3EAA], dtype=np.uint32)
bf_values = (bf_bits << 16).astype(np.uint32).view(np.float32)
for name, dtype in (('bf16_u2.npy', '<u2'), ('bf16_be_u2.npy', '>u2'), ('bf16_v2.npy', 'V2')):
    array = bf_bits.astype('<u2').astype(dtype) if dtype != 'V2' else bf_bits.astype('<u2').view('V2')
    save(name, array)
    manifest['files'][name] = [{'name': '', 'dtype': 'bfloat16', 'shape': [8], 'bits': bits(bf_values), 'needs': 'bfloat16Bits'}]

refused = {
    'int32.npy': (np.arange(3, dtype=np.int32), 'int32'),
    'uint8.npy': (np.arange(3, dtype=np.uint8), 'uint8'),
    'bool.npy': (np.array([True, False]), 'bool'),
    'complex64.npy': (np.array([1 + 2j], dtype=np.complex64), 'complex64'),
    'object.npy': (np.array([1, 'a', None], dtype=object), 'object'),
    'unicode.npy': (np.array(['abc']), 'unicode'),
    'datetime.npy': (np.array(['2026-12-01'], dtype='datetime64[D]'), 'datetime64'),
    'longdouble.npy': (np.array([1.0], dtype=np.longdouble), 'float128'),
    'structured_int.npy': (np.zeros(2, dtype=[('x', '<f4'), ('n', '<i8')]), 'int64'),
    'subarray.npy': (np.zeros(2, dtype=[('x', '<f4', (2,))]), 'sub-array'),
}
for name, (array, says) in refused.items():
    save(name, array)
    manifest['refused'][name] = says
manifest['refused']['bf16_u2.npy'] = 'uint16'


def safetensors(name, tensors, metadata=None, mangle=None):
    """Writes a safetensors file from its specification: u64 header size, JSON header, data."""
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    data = b''
    for tensor_name, dtype, array in tensors:
        raw = array.tobytes()
        header[tensor_name] = {'dtype': dtype, 'shape': list(array.shape), 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    if mangle:
        mangle(header)
    text = json.dumps(header).encode()
    text += b' ' * (-len(text) % 8)
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + data)


x = np.array([[-2, -1, 0], [1, 2, 3]], dtype='<f4')
value = np.array([0.5, -0.25, 1e-300], dtype='<f8')
gradient = np.array([65504, -6e-8], dtype='<f2')
bf = bf_bits[:4].astype('<u2')
safetensors('multi.safetensors', [('x', 'F32', x), ('value', 'F64', value), ('gradient', 'F16', gradient), ('bf', 'BF16', bf)], {'producer': 'numpy by hand'})
manifest['files']['multi.safetensors'] = [
    {'name': 'x', 'dtype': 'float32', 'shape': [2, 3], 'bits': bits(x)},
    {'name': 'value', 'dtype': 'float64', 'shape': [3], 'bits': bits(value)},
    {'name': 'gradient', 'dtype': 'float16', 'shape': [2], 'bits': bits(gradient.astype(np.float64))},
    {'name': 'bf', 'dtype': 'bfloat16', 'shape': [4], 'bits': bits(bf_values[:4])},
]
safetensors('single.safetensors', [('weights', 'F32', np.linspace(-1, 1, 5, dtype='<f4'))])
manifest['files']['single.safetensors'] = [{'name': 'weights', 'dtype': 'float32', 'shape': [5], 'bits': bits(np.linspace(-1, 1, 5, dtype='<f4'))}]
safetensors('i32.safetensors', [('x', 'I32', np.arange(3, dtype='<i4'))])
manifest['refused']['i32.safetensors'] = 'I32'


def past_end(header):
    header['x']['data_offsets'][1] += 4


def wrong_size(header):
    header['x']['shape'] = [7]


def reversed_range(header):
    header['x']['data_offsets'] = [8, 4]


safetensors('past_end.safetensors', [('x', 'F32', np.ones(3, dtype='<f4'))], mangle=past_end)
manifest['refused']['past_end.safetensors'] = 'ends at byte'
safetensors('wrong_size.safetensors', [('x', 'F32', np.ones(3, dtype='<f4'))], mangle=wrong_size)
manifest['refused']['wrong_size.safetensors'] = 'needs'
safetensors('reversed_range.safetensors', [('x', 'F32', np.ones(3, dtype='<f4'))], mangle=reversed_range)
manifest['refused']['reversed_range.safetensors'] = 'not a range'

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
    f.write('\n')
print(f"{len(manifest['files'])} readable files, {len(manifest['refused'])} refused")
