#!/usr/bin/python3
"""Write the logits files that tests/core reads from tests/data/io/.

Each file is shaped like one a user brings: what numpy.save, json.dump,
numpy.savetxt and pandas' DataFrame.to_csv write, in C and Fortran order,
both byte orders and every supported dtype, and the malformed variants the
readers must reject. Values are multiples of 1/8 or chosen bit patterns, so
each is exact in its dtype and the tests can state them as literals.

Run from anywhere:  /usr/bin/python3 tools/make_io_fixtures.py
Needs Debian's python3-numpy (1.24 wrote the files committed here). The
pandas CSV files are written by hand in the layout of DataFrame.to_csv, an
empty cell above the index column, so python3-pandas is not needed.
"""

import io
import json
import struct
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "data" / "io"

# The sample-major table that the well-formed files contain: 4 samples, 5 classes,
# value (5 r + c - 7) / 8 at row r and class c.
SAMPLES, CLASSES = 4, 5
TABLE = (np.arange(SAMPLES * CLASSES, dtype=np.float64).reshape(SAMPLES, CLASSES) - 7) / 8


def save(name, array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=False)
    (OUTPUT / name).write_bytes(buffer.getvalue())


def raw_npy(name, header, data=b"", version=(1, 0)):
    """Write a .npy file around a header of our own, for the malformed cases."""
    header_bytes = header.encode("utf-8" if version >= (3, 0) else "latin1")
    length = struct.pack("<H" if version == (1, 0) else "<I", len(header_bytes))
    (OUTPUT / name).write_bytes(b"\x93NUMPY" + bytes(version) + length + header_bytes + data)


def header_for(descr, shape, fortran_order=False):
    return "{'descr': %r, 'fortran_order': %s, 'shape': %r, }\n" % (descr, fortran_order, shape)


def write_npy_files():
    # Row after row, and the same table written column after column: an
    # array computed class-major, shape (classes, samples), saved as its
    # transpose, which numpy.save stores in Fortran order.
    save("sample_major_f32.npy", TABLE.astype("<f4"))
    class_major = np.ascontiguousarray(TABLE.T.astype("<f4"))
    save("class_major_f32.npy", class_major.T)
    save("fortran_f64.npy", np.asfortranarray(TABLE))
    save("big_endian_f64.npy", TABLE.astype(">f8"))
    save("one_sample_f64.npy", TABLE[1].copy())
    save("version2_f32.npy", TABLE.astype("<f4"), version=(2, 0))
    save("version3_f32.npy", TABLE.astype("<f4"), version=(3, 0))

    # The float16 extremes: the largest finite value, the smallest subnormal
    # 2^-24, the largest subnormal, the smallest normal 2^-14, both zeros.
    halves = np.array([65504.0, 2.0**-24, 1023 * 2.0**-24, 2.0**-14, -0.0, 0.0, -2.5, 1.0])
    save("float16_le.npy", halves.astype("<f2"))
    save("float16_be.npy", halves.astype(">f2"))

    integers = {
        "int8": ("|i1", [-128, -1, 0, 127]),
        "uint8": ("|u1", [0, 1, 128, 255]),
        "int16_be": (">i2", [-32768, -2, 3, 32767]),
        "uint16": ("<u2", [0, 1, 40000, 65535]),
        "int32": ("<i4", [-(2**31), -3, 5, 2**31 - 1]),
        "uint32_be": (">u4", [0, 7, 2**31, 2**32 - 1]),
        "int64_be": (">i8", [-(2**63), -5, 2**53, 2**63 - 1]),
        "uint64": ("<u8", [0, 9, 2**53 + 1, 2**64 - 1]),
    }
    for name, (descr, values) in integers.items():
        save(f"{name}.npy", np.array(values, dtype=descr))

    # Softmax output saved in place of logits.
    exp = np.exp(TABLE - TABLE.max(axis=1, keepdims=True))
    save("probabilities_f64.npy", exp / exp.sum(axis=1, keepdims=True))

    # Malformed files.
    with_nan = TABLE.astype("<f4")
    with_nan[2, 3] = np.nan
    save("nan_f32.npy", with_nan)
    with_inf = np.asfortranarray(TABLE)
    with_inf[1, 4] = -np.inf
    save("negative_inf_fortran_f64.npy", with_inf)

    buffer = io.BytesIO()
    np.save(buffer, np.array([1.5, "two", None], dtype=object), allow_pickle=True)
    (OUTPUT / "object_array.npy").write_bytes(buffer.getvalue())

    save("bool.npy", np.array([True, False, True]))
    save("complex128.npy", np.array([1 + 2j, 3 - 4j]))
    save("three_d_f32.npy", np.zeros((2, 3, 4), dtype="<f4"))
    save("zero_d_f64.npy", np.array(1.5))
    save("zero_rows_f32.npy", np.zeros((0, 10), dtype="<f4"))

    complete = (OUTPUT / "sample_major_f32.npy").read_bytes()
    (OUTPUT / "truncated_data_f32.npy").write_bytes(complete[:-6])
    (OUTPUT / "trailing_bytes_f32.npy").write_bytes(complete + b"\0\0\0\0")
    (OUTPUT / "truncated_header.npy").write_bytes(complete[:40])
    (OUTPUT / "bad_magic.npy").write_bytes(b"\x93NUMPZ" + complete[6:])
    (OUTPUT / "text_named_npy.npy").write_bytes(b"1.5,2.5,3.5\n")
    (OUTPUT / "version4.npy").write_bytes(complete[:6] + b"\x04\x00" + complete[8:])

    # A header that claims 8 GB of float64 over 32 bytes of data, and one
    # that claims 2^62 bytes: both must fail before any allocation.
    raw_npy("claims_8gb_f64.npy", header_for("<f8", (1000000, 1000)), b"\0" * 32)
    raw_npy("claims_2pow62_f32.npy", header_for("<f4", (2**40, 2**20)), b"\0" * 32)
    raw_npy("shape_overflow_f64.npy", header_for("<f8", (2**40, 2**40)), b"\0" * 32)
    # A version 2.0 header length of 2^31 bytes in a 64-byte file.
    (OUTPUT / "header_length_2gb.npy").write_bytes(
        b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**31) + b" " * 52)


def write_json_files():
    rows = TABLE.tolist()
    (OUTPUT / "one_sample.json").write_text(json.dumps(rows[1]) + "\n")
    (OUTPUT / "rows.json").write_text(json.dumps(rows) + "\n")
    document = {
        "logits": rows,
        "labels": [0, 4, "bird", 2],
        "classes": ["cat", "dog", "bird", "fish", "frog"],
    }
    (OUTPUT / "object.json").write_text(json.dumps(document, indent=2) + "\n")
    (OUTPUT / "object_one_sample.json").write_text(
        json.dumps({"classes": document["classes"], "logits": rows[0]}) + "\n")

    # Malformed files.
    (OUTPUT / "python_nan.json").write_text(json.dumps([[0.5, float("nan"), 1.0]]) + "\n")
    ragged = [rows[0], rows[1][:3]]
    (OUTPUT / "ragged.json").write_text(json.dumps(ragged) + "\n")
    (OUTPUT / "text_among_numbers.json").write_text(
        json.dumps({"logits": [rows[0], rows[1][:2] + ["2.5"] + rows[1][3:]]}) + "\n")
    (OUTPUT / "labels_count.json").write_text(
        json.dumps({"logits": rows, "labels": [0, 1]}) + "\n")
    (OUTPUT / "trailing_comma.json").write_text("[[1.5, 2.5],\n [3.5, 4.5],\n]\n")


def write_text_files():
    # numpy.savetxt's defaults: '%.18e', one space between fields.
    np.savetxt(OUTPUT / "savetxt_default.txt", TABLE)
    # A CSV with the header row that savetxt writes when comments is empty.
    np.savetxt(OUTPUT / "savetxt_header.csv", TABLE, delimiter=",", fmt="%.6g",
               header="cat,dog,bird,fish,frog", comments="")

    # What DataFrame(TABLE, columns=[...]).to_csv(path) writes, and the same
    # for a frame without column names, whose header is 0, 1, ...
    def pandas_csv(names):
        lines = ["," + ",".join(names)]
        for index, row in enumerate(rows_as_text()):
            lines.append(f"{index}," + ",".join(row))
        return "\n".join(lines) + "\n"

    (OUTPUT / "pandas_named.csv").write_text(
        pandas_csv(["cat", "dog", "bird", "fish", "frog"]))
    (OUTPUT / "pandas_unnamed.csv").write_text(pandas_csv([str(c) for c in range(CLASSES)]))


def rows_as_text():
    return [[repr(float(value)) for value in row] for row in TABLE]


def main():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    write_npy_files()
    write_json_files()
    write_text_files()
    print(f"wrote {len(list(OUTPUT.iterdir()))} files to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
