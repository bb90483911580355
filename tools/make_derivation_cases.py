#!/usr/bin/python3
"""Write tests/data/derivation_cases.json, high-precision values of the Taylor step.

The derivation page goes from Eq. 2 to Eq. 3 of Hinton, Vinyals and Dean,
"Distilling the Knowledge in a Neural Network" (2015), Section 2.1, by
replacing e^x with 1 + x for x = z_i/T and x = v_i/T. For each case this
script records, per class and for the student and the teacher:

- x, the double nearest logit / T (IEEE division rounds it the same way);
- e^x, 1 + x and the neglected term e^x - 1 - x, from that double x, with
  mpmath at 120 significant digits, and the term relative to e^x;
- the numerator 1 + x, the denominator N + sum_j logit_j / T computed exactly
  with fractions.Fraction, and their quotient;
- sum_j logit_j, exact, rounded once.

Each value is rounded once to the nearest double. Values beyond the double
range are written as the strings "inf" and "-inf".

Run from anywhere:  /usr/bin/python3 tools/make_derivation_cases.py
Needs Debian's python3-mpmath.
"""

import json
import math
from fractions import Fraction
from pathlib import Path

import mpmath

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "data" / "derivation_cases.json"
SCRIPT = "tools/make_derivation_cases.py"

# Significant digits beyond those that e^x - 1 - x cancels for small x.
DIGITS = 120

# (name, teacher, student, temperatures). The temperatures span the range the
# core accepts, from e^x overflowing at 1e-6 to x near 1e-16 at 1e16.
CASES = [
    ("three classes", [2.5, -1.0, 0.75], [1.25, 0.5, -2.0],
     [1e-6, 0.01, 0.5, 1.0, 4.0, 1e3, 1e16]),
    ("offset of 1e6", [1e6 + 1.0, 1e6 - 2.0, 1e6 + 0.5], [1e6 - 0.25, 1e6 + 3.0, 1e6],
     [1e-3, 1.0, 100.0, 1e8]),
    ("pole of Eq. 3", [-3.0, -1.0, -2.0], [0.5, -0.5, 1.0], [2.0, 3.0]),
    ("two classes", [1e-300, -7.5], [3.0, 0.0], [1e-6, 2.5, 1e12]),
]


def to_double(value):
    """Round a Fraction or an mpmath number to the nearest double, or to +-inf."""
    if isinstance(value, Fraction):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if mpmath.isinf(value):
        return math.inf if value > 0 else -math.inf
    sign, mantissa, exponent, bits = value._mpf_
    if mantissa == 0:
        return 0.0
    magnitude = exponent + bits
    if magnitude < -1100:
        result = 0.0
    elif magnitude > 1025:
        result = math.inf
    else:
        try:
            result = float(Fraction(mantissa) * Fraction(2) ** exponent)
        except OverflowError:
            result = math.inf
    return -result if sign else result


def encode(value):
    """Write a double as a JSON number, or +-inf as a string."""
    if value is None:
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def taylor_side(logits, temperature, index):
    x = to_double(Fraction(logits[index]) / Fraction(temperature))
    # e^x - 1 - x is about x^2 / 2, so 1 + x + x^2/2 must be resolved: the
    # working precision grows with twice the decimal exponent of a small x.
    digits = DIGITS
    if 0 < abs(x) < 1:
        digits += 2 * int(-math.log10(abs(x)))
    with mpmath.workdps(digits):
        exact_x = mpmath.mpf(x)
        exponential = mpmath.exp(exact_x)
        remainder = exponential - 1 - exact_x
        relative = remainder / exponential
    numerator = to_double(1 + Fraction(x))
    denominator = len(logits) + sum(Fraction(value) for value in logits) / Fraction(temperature)
    fraction = None if denominator == 0 else to_double((1 + Fraction(x)) / denominator)
    return {
        "x": encode(x),
        "exponential": encode(to_double(exponential)),
        "linear": encode(numerator),
        "remainder": encode(to_double(remainder)),
        "relative_remainder": encode(to_double(relative)),
        "numerator": encode(numerator),
        "denominator": encode(to_double(denominator)),
        "fraction": encode(fraction),
        "sum": encode(to_double(sum(Fraction(value) for value in logits))),
    }


def main():
    mpmath.mp.dps = DIGITS
    cases = []
    for name, teacher, student, temperatures in CASES:
        for temperature in temperatures:
            for index in range(len(teacher)):
                cases.append({
                    "name": f"{name}, T = {temperature!r}, class {index}",
                    "teacher": teacher,
                    "student": student,
                    "temperature": temperature,
                    "class": index,
                    "student_side": taylor_side(student, temperature, index),
                    "teacher_side": taylor_side(teacher, temperature, index),
                })
    document = {
        "about": (
            f"The Taylor step e^x ~ 1 + x and the fractions of Eq. 3 of Hinton, Vinyals and "
            f"Dean (2015), Section 2.1, written by {SCRIPT} with mpmath at {DIGITS} digits and "
            f"exact fractions, each rounded once to the nearest double. Regenerate with "
            f"'/usr/bin/python3 {SCRIPT}'. x is the double nearest logit / T; e^x, e^x - 1 - x "
            f"and their ratio are computed from that double. fraction is null at the pole "
            f"of Eq. 3. Values beyond the double range are the strings 'inf' and '-inf'."
        ),
        "cases": cases,
    }
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
