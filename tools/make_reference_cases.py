#!/usr/bin/python3
"""Write tests/data/reference_cases.json, high-precision values for the core tests.

Every quantity of Section 2.1 of Hinton, Vinyals and Dean, "Distilling the
Knowledge in a Neural Network" (2015), is computed from the exact double inputs
and rounded once to the nearest double:

- Rational quantities (Eq. 3, Eq. 4 and its variants, the quadratic loss of
  Eq. 5) are computed exactly with fractions.Fraction.
- Soft targets, their logarithms, the exact gradient of Eq. 2 and the losses
  are computed with mpmath. The precision starts at 60 significant digits and
  doubles until two precisions round to the same doubles.
- The match temperature T*(eps) is found by a scan of the relative error down
  from T = 1e16 and a bisection in log T, at 100 digits.

Run from anywhere:  /usr/bin/python3 tools/make_reference_cases.py
It reads the digits sample in resources/samples/ (tools/make_digits_sample.py
writes it) and needs Debian's python3-mpmath.
"""

import json
import math
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

import mpmath

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "data" / "reference_cases.json"
SAMPLES = ROOT / "resources" / "samples"
SCRIPT = "tools/make_reference_cases.py"

SEED = 20150309
MIN_TEMPERATURE = 1e-6
MAX_TEMPERATURE = 1e16

# Starting precision of the transcendental quantities, in significant digits.
QUANTITY_DIGITS = 60
QUANTITY_DIGITS_LIMIT = 960

# At T = 1e16, q - p cancels about 16 digits, and for N = 2 the centred
# gradient differs from the exact one by about 1e-32 of its size. The match
# search therefore needs well over 48 digits.
MATCH_DIGITS = 100
TOLERANCES = ("0.01", "0.001")
SCAN_STEPS_PER_DECADE = 200
# The bisection narrows the bracket well below the spacing of doubles, so
# its midpoint rounds to the double nearest the crossing.
BISECTION_RELATIVE_WIDTH = Fraction(1, 2**64)
# The match search costs O(N) per evaluation over thousands of evaluations,
# so larger cases get "match_temperature": null.
MATCH_MAX_CLASSES = 100


# ---------------------------------------------------------------- rounding

def to_double(value):
    """Round a Fraction or an mpmath number to the nearest double, ties to even.

    Raises OverflowError when the value exceeds the double range, because JSON
    has no infinity and such a case would test nothing.
    """
    if isinstance(value, Fraction):
        return float(value)  # int / int true division rounds correctly in CPython

    sign, mantissa, exponent, bits = value._mpf_
    if mantissa == 0:
        if exponent != 0:
            raise ValueError(f"cannot round {value} to a double because it is not finite")
        return 0.0

    magnitude = exponent + bits  # 2^(magnitude - 1) <= |value| < 2^magnitude
    if magnitude < -1100:
        result = 0.0  # below half the smallest subnormal, 2^-1075
    elif magnitude > 1025:
        raise OverflowError(f"{mpmath.nstr(value, 10)} exceeds the double range")
    else:
        result = float(Fraction(mantissa) * Fraction(2) ** exponent)
    return -result if sign else result


def to_mpf(fraction):
    """Convert a Fraction to an mpmath number at the current precision."""
    return mpmath.mpf(fraction.numerator) / fraction.denominator


def doubles(values):
    return [to_double(value) for value in values]


def same_doubles(first, second):
    """Return whether two results hold the same doubles, including the sign of zero."""
    if isinstance(first, list):
        return len(first) == len(second) and all(map(same_doubles, first, second))
    return first == second and math.copysign(1.0, first) == math.copysign(1.0, second)


# ---------------------------------------------------------------- rational quantities

def centered(values):
    mean = sum(values) / len(values)
    return [value - mean for value in values]


def rational_quantities(teacher, student, temperature):
    """Compute Eq. 3, the Eq. 4 variants and Eq. 5 exactly, then round each once.

    Eq. 3 is null when N + sum z/T or N + sum v/T is exactly zero.
    """
    v = [Fraction(x) for x in teacher]
    z = [Fraction(x) for x in student]
    t = Fraction(temperature)
    n = len(v)

    student_denominator = n + sum(z) / t
    teacher_denominator = n + sum(v) / t
    if student_denominator == 0 or teacher_denominator == 0:
        grad_taylor = None
    else:
        grad_taylor = doubles(
            ((1 + zi / t) / student_denominator - (1 + vi / t) / teacher_denominator) / t
            for vi, zi in zip(v, z)
        )

    vc = centered(v)
    zc = centered(z)
    centered_square_difference = centered([zi * zi - vi * vi for vi, zi in zip(vc, zc)])
    grad_centered = [(zi - vi) / (n * t * t) for vi, zi in zip(vc, zc)]
    grad_second_order = [
        gi + si / (2 * n * t**3) for gi, si in zip(grad_centered, centered_square_difference)
    ]

    return {
        "grad_taylor": grad_taylor,
        "grad_zero_mean": doubles((zi - vi) / (n * t * t) for vi, zi in zip(v, z)),
        "grad_centered": doubles(grad_centered),
        "grad_second_order": doubles(grad_second_order),
        "quadratic_loss": to_double(sum((zi - vi) ** 2 for vi, zi in zip(vc, zc)) / 2),
    }


# ---------------------------------------------------------------- transcendental quantities

class SoftTargets:
    """softmax(logits / T) at the current mpmath precision.

    With s = (logits - max logits) / T, the weights are e^s and the top weight
    is exactly 1. The sum of the other weights, `rest`, is kept apart from that
    1, so log1p(rest) and soft_target_difference() keep terms such as e^-700
    that 1 + e^-700 would absorb at any affordable precision. The shift by the
    maximum is exact, so a common offset such as 1e6 costs no digits. Sums run
    in sorted order, so permuted logits give bit-identical sums.
    """

    def __init__(self, logits, temperature):
        top = max(logits)
        top_index = logits.index(top)
        self.shifted = [mpmath.fsub(x, top, exact=True) for x in logits]
        self.scaled = [d / temperature for d in self.shifted]
        self.weights = [mpmath.exp(s) for s in self.scaled]
        self.rest = mpmath.fsum(sorted(w for j, w in enumerate(self.weights) if j != top_index))
        log_total = mpmath.log1p(self.rest)
        self.probabilities = [w / (1 + self.rest) for w in self.weights]
        self.log_probabilities = [s - log_total for s in self.scaled]
        self.log_total = log_total


def scaled_logit_differences(teacher, student, temperature):
    """Return t_i - s_i = (z_i - max z - v_i + max v) / T with an exact numerator."""
    return [
        mpmath.fsub(zi, vi, exact=True) / temperature
        for vi, zi in zip(teacher.shifted, student.shifted)
    ]


def soft_target_difference(teacher, student, temperature):
    """Return q - p for SoftTargets of the teacher and the student.

    With S = 1 + rest, q_i - p_i = [(e^t_i - e^s_i) + (e^t_i rest_p - e^s_i rest_q)] / (S_p S_q).
    The first term is e^s_i expm1(t_i - s_i), or -e^t_i expm1(s_i - t_i) when
    t_i > s_i, so it keeps the working precision even where p_i and q_i agree
    to 30 digits. Both terms are exactly zero when z - v is constant.
    """
    denominator = (1 + teacher.rest) * (1 + student.rest)
    result = []
    for i, difference in enumerate(scaled_logit_differences(teacher, student, temperature)):
        if difference > 0:
            weight_change = -student.weights[i] * mpmath.expm1(-difference)
        else:
            weight_change = teacher.weights[i] * mpmath.expm1(difference)
        rest_change = student.weights[i] * teacher.rest - teacher.weights[i] * student.rest
        result.append((weight_change + rest_change) / denominator)
    return result


def transcendental_quantities_at(teacher, student, temperature, digits):
    with mpmath.workdps(digits):
        t = mpmath.mpf(temperature)
        soft_teacher = SoftTargets([mpmath.mpf(x) for x in teacher], t)
        soft_student = SoftTargets([mpmath.mpf(x) for x in student], t)
        p = soft_teacher.probabilities
        log_q = soft_student.log_probabilities

        # log p_i - log q_i = (s_i - t_i) - (log S_p - log S_q), without
        # subtracting two large logarithms.
        log_total_change = soft_teacher.log_total - soft_student.log_total
        log_ratio = [-d - log_total_change for d in scaled_logit_differences(soft_teacher, soft_student, t)]
        kl = mpmath.fsum(pi * ri for pi, ri in zip(p, log_ratio))

        return {
            "p": doubles(p),
            "q": doubles(soft_student.probabilities),
            "log_p": doubles(soft_teacher.log_probabilities),
            "log_q": doubles(log_q),
            "grad_exact": doubles(d / t for d in soft_target_difference(soft_teacher, soft_student, t)),
            "cross_entropy": to_double(-mpmath.fsum(pi * lqi for pi, lqi in zip(p, log_q))),
            "kl": to_double(kl),
            "kl_scaled": to_double(t * t * kl),
        }


def transcendental_quantities(teacher, student, temperature):
    """Compute Eq. 2, the soft targets and the losses, rounded once to doubles.

    Doubles the precision until two consecutive precisions round to the same
    doubles. That catches cancellation (q - p at high T, a KL of 1e-37) which
    the lower precision does not resolve.

    NOTE: a term absorbed at both precisions goes unnoticed. SoftTargets keeps
    the usual cases (e^-700 next to 1) apart, but logits whose differences are
    below 1e-480 of their size could still hide one.
    """
    digits = QUANTITY_DIGITS
    previous = transcendental_quantities_at(teacher, student, temperature, digits)
    while digits < QUANTITY_DIGITS_LIMIT:
        digits *= 2
        current = transcendental_quantities_at(teacher, student, temperature, digits)
        if all(same_doubles(previous[key], current[key]) for key in current):
            return current
        previous = current
    raise RuntimeError(
        f"soft targets or losses still change between {digits // 2} and {digits} digits."
        " Check the case for a true zero that is computed as a tiny nonzero value."
    )


# ---------------------------------------------------------------- match temperature

def leading_error_term(teacher, student):
    """Return (K, order) with relerr(T) ~ K / T^order at large T, or (None, 0).

    With centred logits zc, vc and b = (zc - vc)/N, the exact gradient expands as
    g = b/T^2 + a/T^3 + d/T^4 + ..., where
      a_i = [(zc_i^2 - vc_i^2) - mean(zc^2 - vc^2)] / (2N),
      d_i = [(zc_i^3 - vc_i^3)/6 - (zc_i m2z - vc_i m2v)/2 - (m3z - m3v)/6] / N,
    m2z = mean zc^2 and m3z = mean zc^3. Both come from the third-order expansion
    of softmax(x) at x = 0 with mean x = 0:
      softmax(x)_i = (1/N)[1 + x_i + (x_i^2 - m2)/2 + x_i^3/6 - x_i m2/2 - m3/6] + O(x^4).
    The centred gradient is b/T^2, so relerr ~ (max|a|/max|b|)/T. When a is
    exactly zero (always for N = 2, and whenever zc = -vc), the next term gives
    relerr ~ (max|d|/max|b|)/T^2. Returns (None, 0) when v - z is constant or
    both terms vanish. All arithmetic is exact.
    """
    n = len(teacher)
    vc = centered([Fraction(x) for x in teacher])
    zc = centered([Fraction(x) for x in student])
    b = [(zi - vi) / n for vi, zi in zip(vc, zc)]
    b_max = max(abs(bi) for bi in b)
    if b_max == 0:
        return None, 0

    a = [s / (2 * n) for s in centered([zi * zi - vi * vi for vi, zi in zip(vc, zc)])]
    first_order = max(abs(ai) for ai in a) / b_max
    if first_order != 0:
        return first_order, 1

    m2v = sum(vi**2 for vi in vc) / n
    m2z = sum(zi**2 for zi in zc) / n
    m3v = sum(vi**3 for vi in vc) / n
    m3z = sum(zi**3 for zi in zc) / n
    d = [
        ((zi**3 - vi**3) / 6 - (zi * m2z - vi * m2v) / 2 - (m3z - m3v) / 6) / n
        for vi, zi in zip(vc, zc)
    ]
    second_order = max(abs(di) for di in d) / b_max
    if n == 2:
        # The closed form for two classes, with x = zc_1 and y = vc_1.
        x, y = zc[0], vc[0]
        assert second_order == abs(x * x + x * y + y * y) / 3
    if second_order == 0:
        return None, 0
    return second_order, 2


def gradient_vanishes(teacher, student):
    """Return whether v - z is exactly constant, so that p = q at every T."""
    offset = Fraction(student[0]) - Fraction(teacher[0])
    return all(Fraction(zi) - Fraction(vi) == offset for vi, zi in zip(teacher, student))


class ErrorCurve:
    """relerr(T) = max_i |c_i - g_i| / max_i |g_i| of one teacher and student.

    g is the exact gradient of Eq. 2 and c the centred Eq. 4. Evaluates at the
    current mpmath precision, which should be at least `digits`.
    """

    def __init__(self, teacher, student):
        n = len(teacher)
        self.teacher = [mpmath.mpf(x) for x in teacher]
        self.student = [mpmath.mpf(x) for x in student]
        vc = centered([Fraction(x) for x in teacher])
        zc = centered([Fraction(x) for x in student])
        self.scaled_difference = [(zi - vi) / n for vi, zi in zip(vc, zc)]
        self.scale = max(abs(x) for x in vc + zc)  # positive unless v - z is constant

        # q - p cancels to about max|zc - vc| / scale of the soft targets before
        # the 1/T cancellation even starts, as with logits of 1e300 that differ by 8.
        spread = max(abs(b) for b in self.scaled_difference) * n
        self.digits = MATCH_DIGITS + max(0, math.ceil(math.log10(self.scale / spread)))

    def __call__(self, temperature):
        t = mpmath.mpf(temperature)
        soft_teacher = SoftTargets(self.teacher, t)
        soft_student = SoftTargets(self.student, t)
        t_squared = t * t
        gradient = [d / t for d in soft_target_difference(soft_teacher, soft_student, t)]
        error = max(
            abs(to_mpf(b) / t_squared - gi)
            for b, gi in zip(self.scaled_difference, gradient)
        )
        return error / max(abs(gi) for gi in gradient)


def check_leading_term(curve, coefficient, order):
    """Compare K / T^order with relerr(T) far above the logit scale.

    The next term is smaller by a factor of about scale / T = 1e-12, so the two
    must agree to far better than the 1e-6 checked here.
    """
    with mpmath.workdps(curve.digits):
        temperature = to_mpf(curve.scale) * mpmath.mpf(10) ** 12
        measured = curve(temperature) * temperature**order
        predicted = to_mpf(coefficient)
        deviation = abs(measured / predicted - 1)
    if deviation > 1e-6:
        raise AssertionError(
            f"relerr * T^{order} = {mpmath.nstr(measured, 12)} but the series predicts"
            f" {mpmath.nstr(predicted, 12)} (relative deviation {mpmath.nstr(deviation, 3)})"
        )


def scan_temperatures():
    """Yield the scan grid from MAX_TEMPERATURE down to MIN_TEMPERATURE, evenly in log T.

    Both ends are the exact doubles, and every decade gets SCAN_STEPS_PER_DECADE steps.
    """
    high = mpmath.log(mpmath.mpf(MAX_TEMPERATURE))
    low = mpmath.log(mpmath.mpf(MIN_TEMPERATURE))
    steps = round(math.log10(MAX_TEMPERATURE / MIN_TEMPERATURE) * SCAN_STEPS_PER_DECADE)
    yield mpmath.mpf(MAX_TEMPERATURE)
    for k in range(1, steps):
        yield mpmath.exp(high - (high - low) * k / steps)
    yield mpmath.mpf(MIN_TEMPERATURE)


def bisect_crossing(curve, tolerance, below, above):
    """Narrow [below, above] around relerr = tolerance by bisection in log T.

    Precondition: relerr(below) > tolerance >= relerr(above). Returns the final
    bracket, checked again at twice the precision.
    """
    width = to_mpf(BISECTION_RELATIVE_WIDTH)
    while above / below - 1 > width:
        middle = mpmath.sqrt(below * above)
        if curve(middle) > tolerance:
            below = middle
        else:
            above = middle

    with mpmath.workdps(2 * curve.digits):
        if not curve(below) > tolerance >= curve(above):
            raise AssertionError(f"bracket [{below}, {above}] does not hold at {2 * curve.digits} digits")
    return below, above


def match_temperature(teacher, student):
    """Find T*(eps) for each tolerance and the series prediction of it.

    T*(eps) is the smallest T in [1e-6, 1e16] with relerr(T') <= eps for every
    T' in [T, 1e16]. The scan walks down the log grid until relerr first
    exceeds eps, so only an excursion above eps narrower than 1/200 of a decade
    can be missed. The bisection then locates that crossing.
    """
    if gradient_vanishes(teacher, student):
        vanished = {"status": "gradient_vanishes", "value": None, "predicted": None, "predicted_order": 0}
        return {key: dict(vanished) for key in TOLERANCES}

    coefficient, order = leading_error_term(teacher, student)
    curve = ErrorCurve(teacher, student)
    if coefficient is not None:
        check_leading_term(curve, coefficient, order)

    result = {}
    with mpmath.workdps(curve.digits):
        tolerances = {key: mpmath.mpf(float(key)) for key in TOLERANCES}
        crossings = {}
        previous = None
        for temperature in scan_temperatures():
            error = curve(temperature)
            for key, tolerance in tolerances.items():
                if key not in crossings and error > tolerance:
                    crossings[key] = (temperature, previous)
            if len(crossings) == len(tolerances):
                break
            previous = temperature

        for key, tolerance in tolerances.items():
            entry = {"status": "holds_everywhere", "value": MIN_TEMPERATURE}
            if key in crossings:
                below, above = crossings[key]
                if above is None:
                    entry = {"status": "never_reached", "value": None}
                else:
                    below, above = bisect_crossing(curve, tolerance, below, above)
                    entry = {"status": "found", "value": to_double(mpmath.sqrt(below * above))}
            entry["predicted"] = predict_match(coefficient, order, float(key))
            entry["predicted_order"] = order
            result[key] = entry
    return result


def predict_match(coefficient, order, tolerance):
    """Return (K / eps)^(1/order) rounded once, or None without a leading term."""
    if coefficient is None:
        return None
    ratio = coefficient / Fraction(tolerance)
    if order == 1:
        return to_double(ratio)
    with mpmath.workdps(MATCH_DIGITS):
        return to_double(mpmath.sqrt(to_mpf(ratio)))


# ---------------------------------------------------------------- cases

ALL_TEMPERATURES = (1e-6, 1e-4, 1e-2, 0.5, 1.0, 3.0, 20.0, 1e3, 1e6, 1e10, 1e14, 1e16)

# Temperatures of the random cases for each class count. Three classes get
# every temperature of the range.
RANDOM_TEMPERATURES = {
    2: (1e-6, 1e-2, 1.0, 20.0, 1e6, 1e16),
    3: ALL_TEMPERATURES,
    4: (0.5, 3.0, 1e3, 1e14),
    5: (1e-4, 1.0, 1e10),
    10: (1e-6, 1e-2, 1.0, 20.0, 1e3, 1e14),
    100: (1.0, 20.0, 1e6),
    1000: (1.0, 1e3),
}


def temperature_label(temperature):
    exponent = round(math.log10(temperature))
    if abs(exponent) >= 3 and temperature == 10.0**exponent:
        return f"1e{exponent}"
    return f"{temperature:g}"


def make_cases(name, teacher, student, temperatures):
    """Return one case per temperature, named with the temperature appended."""
    return [
        {
            "name": f"{name}_t{temperature_label(t)}",
            "teacher": [float(x) for x in teacher],
            "student": [float(x) for x in student],
            "temperature": float(t),
        }
        for t in temperatures
    ]


def random_cases(rng):
    """Return cases with Gaussian teacher logits and a student that follows them loosely."""
    cases = []
    for n, temperatures in RANDOM_TEMPERATURES.items():
        teacher = [rng.gauss(0.0, 3.0) for _ in range(n)]
        student = [0.5 * v + rng.gauss(0.0, 1.5) for v in teacher]
        cases += make_cases(f"n{n}_random", teacher, student, temperatures)
    return cases


def edge_cases(rng):
    cases = []
    cases += make_cases("equal_logits", [0.75, -1.5, 2.0], [0.75, -1.5, 2.0], (1.0, 1e16))
    cases += make_cases("all_logits_equal", [2.0] * 4, [2.0] * 4, (3.0,))
    cases += make_cases("uniform_student", [rng.gauss(0.0, 3.0) for _ in range(10)], [0.0] * 10, (2.0,))

    # z = v + 8 exactly in doubles, so Eq. 2 and the centred Eq. 4 vanish but
    # the uncentred Eq. 4 and Eq. 3 do not.
    teacher = [1.5, -0.25, 3.0, 0.5]
    cases += make_cases("student_is_teacher_plus_8", teacher, [v + 8.0 for v in teacher], (1e-2, 1.0, 1e16))

    # Small differences on a common offset of 1e6, where naive centring in
    # doubles loses about 6 of 16 digits.
    cases += make_cases(
        "common_offset_1e6",
        [1e6 + d for d in (0.5, -0.25, 0.1, -0.375)],
        [1e6 + d for d in (-0.125, 0.3, 0.375, -0.5)],
        (1e-6, 1.0, 1e3, 1e10, 1e16),
    )
    cases += make_cases("one_dominant_logit", [25.0, 0.5, -0.5, 1.0, 0.0], [6.0, 2.0, -1.0, 0.5, 1.5], (1.0, 3.0, 20.0))

    # e^-720 and e^-715 are subnormal, e^-800 and e^-1000 underflow to zero.
    cases += make_cases("teacher_soft_target_subnormal", [0.0, -720.0, -3.0], [0.5, -1.0, -2.0], (1.0,))
    cases += make_cases("student_soft_target_subnormal", [1.0, 2.0, 0.0], [-715.0, 0.0, 1.0], (1.0,))
    cases += make_cases("teacher_soft_target_underflows", [0.0, -800.0, -1.0], [0.0, -2.0, -1.0], (1.0,))
    cases += make_cases("student_soft_target_underflows", [0.0, 0.5, 1.0], [0.0, -1000.0, 0.5], (1.0,))

    # Logits near the double maximum. The centred differences stay small, so
    # the quadratic loss and the T^-3 term of Eq. 4 stay finite.
    cases += make_cases("huge_logits_1e300", [1e300, 5.0, -2.0], [1e300, -3.0, 4.0], (1.0, 1e3, 1e16))
    cases += make_cases("opposite_huge_logits_1e300", [1e300, -1e300, 0.0], [1e300, -1e300, 1.0], (1.0,))

    # e^700 fits in a double but e^1400 does not, so any formula that takes
    # exp of a logit difference overflows.
    cases += make_cases("logits_700_swapped", [700.0, -700.0], [-700.0, 700.0], (1.0,))
    cases += make_cases("logits_700_rotated", [700.0, -700.0, 0.0], [0.0, 700.0, -700.0], (1.0,))

    # Eq. 3 has a pole where N + sum z/T or N + sum v/T is exactly zero.
    cases += make_cases("eq3_pole_student", [0.5, -0.25], [-1.0, -1.0], (1.0,))
    cases += make_cases("eq3_pole_teacher", [-0.5, -1.0, 0.0], [0.25, -0.75, 1.0], (0.5,))
    cases += make_cases("eq3_pole_student_n4", [0.5, -0.25, 0.125, 1.0], [-2e16, -1e16, -0.5e16, -0.5e16], (1e16,))
    cases += make_cases("eq3_next_to_pole", [0.5, -0.25], [-1.0, -1.0 + 2.0**-52], (1.0,))

    # KL(p || q) is about 1e-37 here, and q - p is about 1e-18 of the soft targets.
    cases += make_cases("kl_near_1e-37", [0.006, -0.002, -0.004], [0.0, 0.002, -0.002], (1e16,))

    # zc = -vc makes the 1/T error term vanish for N > 2 as well. The teacher
    # is skewed (mean vc^3 != 0), so every term of the 1/T^2 coefficient counts.
    teacher = [2.0, 0.5, -1.0, -1.5]
    cases += make_cases("student_mirrors_teacher", teacher, [-v for v in teacher], (3.0,))

    # The error of the centred Eq. 4 stays below 0.1% down to T = 1e-6.
    cases += make_cases("tiny_logit_differences", [1e-9, 0.0, -1e-9], [0.0, 1e-9, 0.0], (1e-6, 1.0))

    # A student within 1e-9, and within one ulp, of its teacher: z - v is
    # tiny while z - max z is not, so forming the difference of the two
    # shifted vectors loses the digits of Eq. 2 and KL.
    cases += make_cases("student_close_to_teacher", [3.7, 1.3, -2.1], [3.7, 1.300000001, -2.1], (1.0, 4.0))
    cases += make_cases("student_one_ulp_from_teacher", [3.7, 1.3, -2.1], [3.7, 1.3000000000000003, -2.1], (1.0,))

    # Equal soft targets under a permutation must come out exactly equal.
    teacher = [2.0, 1.0, 0.0, -1.0, -2.5]
    cases += make_cases("student_reverses_teacher", teacher, teacher[::-1], (1.0, 1e16))
    return cases


def read_logits(path):
    """Read a logits CSV of the digits sample: '#' comments, a header row, then rows."""
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        if line.startswith("#"):
            continue
        rows.append(line)
    return [[float(cell) for cell in row.split(",")] for row in rows[1:]]


def digits_cases():
    """Return cases from the digits sample: the default row at three temperatures and row 0."""
    manifest_path = SAMPLES / "digits.json"
    if not manifest_path.exists():
        sys.exit(f"{manifest_path} not found. Run /usr/bin/python3 tools/make_digits_sample.py first.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    teacher = read_logits(SAMPLES / manifest["teacher"])
    student = read_logits(SAMPLES / manifest["student"])

    row = manifest["default_row"]
    cases = make_cases(f"digits_row{row}", teacher[row], student[row], (1.0, 4.0, 20.0))
    cases += make_cases("digits_row0", teacher[0], student[0], (4.0,))
    return cases


def build_cases():
    rng = random.Random(SEED)
    cases = random_cases(rng) + edge_cases(rng) + digits_cases()
    names = [c["name"] for c in cases]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"duplicate case names: {duplicates}"
    return cases


# ---------------------------------------------------------------- output

ABOUT = (
    "Knowledge-distillation quantities of Hinton, Vinyals and Dean (2015), Section 2.1,"
    " written by " + SCRIPT + ". Regenerate with '/usr/bin/python3 " + SCRIPT + "'"
    " (needs python3-mpmath and the digits sample in resources/samples/). Each value is"
    " computed from the exact double inputs and rounded once to the nearest double."
    " Rational quantities (Eq. 3, Eq. 4, Eq. 5) are exact fractions before rounding."
    " Soft targets, their logarithms, Eq. 2 and the losses use mpmath from 60 digits,"
    " doubling until two precisions round alike. grad_taylor is null where N + sum z/T or N + sum v/T is exactly zero."
    " match_temperature is null for the cases with more than "
    + str(MATCH_MAX_CLASSES) + " classes, because its search is slow in mpmath. It is"
    " found at " + str(MATCH_DIGITS) + " or more digits by a scan down from T = 1e16 with "
    + str(SCAN_STEPS_PER_DECADE) + " steps per decade, then bisection in log T to a"
    " relative width of 2^-64, and its midpoint is rounded. It depends on the logits only, so cases that share them"
    " share it. A zero carries the sign of the exact value, so -0.0 marks a tiny negative"
    " result."
)

CONVENTIONS = {
    "p": "softmax(teacher / T)",
    "q": "softmax(student / T)",
    "log_p": "log p, finite where p underflows to zero",
    "log_q": "log q, finite where q underflows to zero",
    "grad_exact": "(q - p) / T  (Eq. 2)",
    "grad_taylor": "(1/T) [(1 + z_i/T)/(N + sum z/T) - (1 + v_i/T)/(N + sum v/T)]  (Eq. 3),"
                   " null when a denominator is exactly zero",
    "grad_zero_mean": "(z - v) / (N T^2), the logits as given  (Eq. 4)",
    "grad_centered": "((z - mean z) - (v - mean v)) / (N T^2)",
    "grad_second_order": "grad_centered + [(zc_i^2 - vc_i^2) - mean(zc^2 - vc^2)] / (2 N T^3),"
                         " zc and vc the centred logits",
    "cross_entropy": "-sum p log q",
    "kl": "sum p (log p - log q)",
    "kl_scaled": "T^2 * kl",
    "quadratic_loss": "1/2 ||(z - mean z) - (v - mean v)||^2  (Eq. 5)",
    "match_temperature": (
        "keyed by tolerance eps. With relerr(T) = max|grad_centered - grad_exact| / max|grad_exact|,"
        " value is the smallest T in [1e-6, 1e16] with relerr <= eps on all of [T, 1e16]."
        " status: found; holds_everywhere (value 1e-6); never_reached (relerr(1e16) > eps, value null);"
        " gradient_vanishes (v - z constant, value null). predicted = (K / eps)^(1/predicted_order)"
        " from relerr ~ K / T^order at large T: order 1 with K = max|a| / max|b|, a_i ="
        " [(zc_i^2 - vc_i^2) - mean(zc^2 - vc^2)] / (2N), b = (zc - vc) / N; order 2 when a = 0, with"
        " K = max|d| / max|b|, d_i = [(zc_i^3 - vc_i^3)/6 - (zc_i m2z - vc_i m2v)/2 - (m3z - m3v)/6] / N,"
        " m2z = mean zc^2, m3z = mean zc^3; null with order 0 when both vanish or v - z is constant"
    ),
}


def format_document(cases):
    """Format the JSON with one line per case field, so that diffs stay readable."""
    def dump(value):
        return json.dumps(value, allow_nan=False)

    blocks = []
    for record in cases:
        fields = [f"      {dump(key)}: {dump(value)}" for key, value in record.items()]
        blocks.append("    {\n" + ",\n".join(fields) + "\n    }")
    conventions = json.dumps(CONVENTIONS, indent=2).replace("\n", "\n  ")
    return (
        "{\n"
        f"  \"about\": {dump(ABOUT)},\n"
        f"  \"conventions\": {conventions},\n"
        "  \"cases\": [\n" + ",\n".join(blocks) + "\n  ]\n}\n"
    )


def main():
    started = time.monotonic()
    cases = build_cases()
    match_results = {}
    records = []
    for index, spec in enumerate(cases, start=1):
        case_started = time.monotonic()
        teacher, student, temperature = spec["teacher"], spec["student"], spec["temperature"]
        exact = rational_quantities(teacher, student, temperature)
        transcendental = transcendental_quantities(teacher, student, temperature)

        match = None
        if len(teacher) <= MATCH_MAX_CLASSES:
            key = (tuple(teacher), tuple(student))
            if key not in match_results:
                match_results[key] = match_temperature(teacher, student)
            match = match_results[key]

        record = dict(spec)
        for field in ("p", "q", "log_p", "log_q", "grad_exact"):
            record[field] = transcendental[field]
        for field in ("grad_taylor", "grad_zero_mean", "grad_centered", "grad_second_order"):
            record[field] = exact[field]
        for field in ("cross_entropy", "kl", "kl_scaled"):
            record[field] = transcendental[field]
        record["quadratic_loss"] = exact["quadratic_loss"]
        record["match_temperature"] = match
        records.append(record)
        print(f"[{index}/{len(cases)}] {spec['name']}: {time.monotonic() - case_started:.1f} s", file=sys.stderr)

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    text = format_document(records)
    json.loads(text)  # the hand-made layout must still be valid JSON
    OUTPUT.write_text(text, encoding="ascii")
    print(f"wrote {len(records)} cases ({len(text)} bytes) to {OUTPUT}"
          f" in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
