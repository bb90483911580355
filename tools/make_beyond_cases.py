#!/usr/bin/python3
"""Write tests/data/beyond_cases.json, high-precision values for core/include/distillscope/beyond.h.

For each case, from the exact double inputs, rounded once to the nearest double:

- hard_gradient: q_i(T=1) - [i = label], with mpmath.
- mixed_hard_weight, mixed_soft_weight: the mixed gradient at `temperature`
  and `weight` with the weight on the hard term and on the soft term, where
  the soft term is T^2 (q_i - p_i) / T, with mpmath.
- standardized_teacher, standardized_student: z-scores with the population
  standard deviation, with their mean and deviation, or null for constant
  logits. standardized_kl: the KL of the standardized pair at
  `temperature`, with mpmath.
- gradient_limit: (zc_i - vc_i) / N, the high-temperature limit of T^2
  times Eq. 2, exactly with fractions.
- logit_matching: (1 / (2N)) sum (zc_i - vc_i)^2, exactly with fractions.
- label_matching_slope: the mean of max z - z_k over the teacher's largest
  logits, exactly; student_agrees.
- pair, pair_error_coefficient: a class pair and the coefficient K2 of the
  two-class relative error K2 / T^2 of the centred Eq. 4 against Eq. 2,
  (dz^2 + dz dv + dv^2) / 12 with dz and dv the logit gaps of the pair.

Before writing, the script checks the limits that beyond.h states against
T^2 KL computed at 120 digits: at T = 1e7 times the logit spread the ratio to the logit-matching
limit is within 1e-5 of 1, and at T = spread / 2000 the ratio to T times the slope is
within 1e-3 of 1, after the -T^2 log m of m tied
teacher classes (or, for an agreeing student without ties, T^2 KL is below 1e-20, and
with ties T^2 KL / T is below 1e-2).

Run from anywhere:  /usr/bin/python3 tools/make_beyond_cases.py
Needs Debian's python3-mpmath.
"""

import json
import random
import sys
from fractions import Fraction
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_reference_cases import centered, leading_error_term, to_double  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "data" / "beyond_cases.json"
SEED = 20240617
DIGITS = 120


def mp(value):
    fraction = Fraction(value)
    return mpmath.mpf(fraction.numerator) / fraction.denominator


def softmax(logits, temperature):
    scaled = [mp(x) / temperature for x in logits]
    largest = max(scaled)
    exponentials = [mpmath.exp(x - largest) for x in scaled]
    total = mpmath.fsum(exponentials)
    return [e / total for e in exponentials]


def kl(teacher, student, temperature):
    p = softmax(teacher, temperature)
    q = softmax(student, temperature)
    return mpmath.fsum(pi * (mpmath.log(pi) - mpmath.log(qi)) for pi, qi in zip(p, q) if pi != 0)


def hard_gradient(student, label):
    q = softmax(student, mpmath.mpf(1))
    return [qi - (1 if i == label else 0) for i, qi in enumerate(q)]


def scaled_soft_gradient(teacher, student, temperature):
    t = mp(temperature)
    p = softmax(teacher, t)
    q = softmax(student, t)
    return [t * t * (qi - pi) / t for pi, qi in zip(p, q)]


def standardized(logits):
    """Return (values, mean, deviation) as mpmath numbers, or None for constant logits."""
    if all(x == logits[0] for x in logits):
        return None
    values = [mp(x) for x in logits]
    mean = mpmath.fsum(values) / len(values)
    deviation = mpmath.sqrt(mpmath.fsum((x - mean) ** 2 for x in values) / len(values))
    return [(x - mean) / deviation for x in values], mean, deviation


def logit_matching(teacher, student):
    vc = centered([Fraction(x) for x in teacher])
    zc = centered([Fraction(x) for x in student])
    return sum((zi - vi) ** 2 for vi, zi in zip(vc, zc)) / (2 * len(vc))


def gradient_limit(teacher, student):
    vc = centered([Fraction(x) for x in teacher])
    zc = centered([Fraction(x) for x in student])
    return [(zi - vi) / len(vc) for vi, zi in zip(vc, zc)]


def label_matching(teacher, student):
    top = max(teacher)
    tied = [k for k, v in enumerate(teacher) if v == top]
    student_top = Fraction(max(student))
    slope = sum(student_top - Fraction(student[k]) for k in tied) / len(tied)
    agrees = any(student[k] == max(student) for k in tied)
    return slope, agrees


def pair_coefficient(teacher, student, first, second):
    dz = Fraction(student[first]) - Fraction(student[second])
    dv = Fraction(teacher[first]) - Fraction(teacher[second])
    closed = (dz * dz + dz * dv + dv * dv) / 12
    coefficient, order = leading_error_term([teacher[first], teacher[second]],
                                            [student[first], student[second]])
    assert order == 2, (order, coefficient)
    assert coefficient == closed, (coefficient, closed)
    return closed


def check_limits(name, teacher, student):
    """Check the two limits of T^2 KL that beyond.h states, at high precision."""
    high = mp(logit_matching(teacher, student))
    spread = max(max(teacher) - min(teacher), max(student) - min(student))
    if high != 0:
        t = mp(spread) * mpmath.mpf(10) ** 7
        ratio = t * t * kl(teacher, student, t) / high
        assert abs(ratio - 1) < 1e-5, (name, "logit matching", ratio)

    slope, agrees = label_matching(teacher, student)
    t = mp(spread) / 2000
    scaled = t * t * kl(teacher, student, t)
    unique = teacher.count(max(teacher)) == 1 and student.count(max(student)) == 1
    if agrees and slope == 0 and unique:
        assert scaled < 1e-20, (name, "agreeing student", scaled)
    elif agrees and slope == 0:
        # Tied largest logits leave a term T^2 times a constant.
        assert scaled / t < 1e-2, (name, "agreeing student with ties", scaled)
    else:
        # m classes tied for the teacher's largest logit split p between
        # them, which adds -T^2 log m to the leading term.
        tied = sum(1 for v in teacher if v == max(teacher))
        ratio = scaled / (t * mp(slope) - t * t * mpmath.log(tied))
        assert abs(ratio - 1) < 1e-3, (name, "label matching", ratio)


def make_case(name, teacher, student, label, temperature, weight, pair):
    check_limits(name, teacher, student)
    hard = hard_gradient(student, label)
    soft = scaled_soft_gradient(teacher, student, temperature)
    w = mp(weight)
    slope, agrees = label_matching(teacher, student)

    case = {
        "name": name,
        "teacher": teacher,
        "student": student,
        "label": label,
        "temperature": temperature,
        "weight": weight,
        "hard_gradient": [to_double(x) for x in hard],
        "mixed_hard_weight": [to_double(w * h + (1 - w) * s) for h, s in zip(hard, soft)],
        "mixed_soft_weight": [to_double((1 - w) * h + w * s) for h, s in zip(hard, soft)],
        "gradient_limit": [to_double(x) for x in gradient_limit(teacher, student)],
        "logit_matching": to_double(logit_matching(teacher, student)),
        "label_matching_slope": to_double(slope),
        "student_agrees": agrees,
        "pair": list(pair),
        "pair_error_coefficient": to_double(pair_coefficient(teacher, student, *pair)),
    }
    both = []
    for side, logits in (("teacher", teacher), ("student", student)):
        result = standardized(logits)
        both.append(result)
        case[f"standardized_{side}"] = None if result is None else {
            "values": [to_double(x) for x in result[0]],
            "mean": to_double(result[1]),
            "deviation": to_double(result[2]),
        }
    if all(result is not None for result in both):
        t = mp(temperature)
        p = [x / t for x in both[0][0]]
        q = [x / t for x in both[1][0]]
        p_max, q_max = max(p), max(q)
        log_p_total = p_max + mpmath.log(mpmath.fsum(mpmath.exp(x - p_max) for x in p))
        log_q_total = q_max + mpmath.log(mpmath.fsum(mpmath.exp(x - q_max) for x in q))
        divergence = mpmath.fsum(mpmath.exp(a - log_p_total) * ((a - log_p_total) - (b - log_q_total))
                                 for a, b in zip(p, q))
        case["standardized_kl"] = to_double(divergence)
    else:
        case["standardized_kl"] = None
    return case


def build_cases():
    rng = random.Random(SEED)
    cases = [
        make_case("four classes", [2.5, 0.3, -1.2, 4.0], [1.0, 0.8, -0.5, 0.9], 3, 2.0, 0.3, (0, 3)),
        make_case("student agrees", [2.5, 0.3, -1.2, 4.0], [1.0, 0.8, -0.5, 3.1], 3, 5.0, 0.7, (1, 2)),
        make_case("two classes", [1.5, -0.5], [0.25, 0.75], 0, 3.0, 0.5, (0, 1)),
        make_case("offset 1e8", [1e8 + 2.5, 1e8 + 0.25, 1e8 - 1.0], [1e8 + 1.0, 1e8 + 0.5, 1e8 - 0.75],
                  1, 4.0, 0.25, (0, 2)),
        make_case("confident student", [8.0, 0.0, -3.0], [50.0, 0.0, -3.0], 0, 1.0, 0.9, (0, 1)),
        make_case("teacher tie", [3.0, 3.0, 1.0], [1.0, 2.0, 0.0], 2, 0.5, 0.1, (0, 2)),
        make_case("constant student", [1.0, -2.0, 0.5], [0.75, 0.75, 0.75], 0, 2.0, 0.5, (0, 1)),
        make_case("tiny logits", [3e-300, -1e-300, 2e-300], [1e-300, 2.5e-300, -2e-300], 1, 1e-6, 0.5,
                  (0, 1)),
        make_case("weight zero", [0.5, -0.25, 2.0, 1.0], [1.5, 0.5, -1.0, 0.0], 1, 10.0, 0.0, (2, 3)),
        make_case("weight one", [0.5, -0.25, 2.0, 1.0], [1.5, 0.5, -1.0, 0.0], 1, 10.0, 1.0, (0, 3)),
    ]
    for index in range(3):
        n = rng.randint(5, 12)
        teacher = [round(rng.gauss(0.0, 3.0), 6) for _ in range(n)]
        student = [round(rng.gauss(0.0, 3.0), 6) for _ in range(n)]
        pair = tuple(rng.sample(range(n), 2))
        cases.append(make_case(f"random {index + 1}", teacher, student, rng.randrange(n),
                               rng.choice([0.5, 2.0, 20.0]), rng.choice([0.25, 0.5, 0.75]), pair))
    return cases


def main():
    mpmath.mp.dps = DIGITS
    cases = build_cases()
    document = {
        "generator": "tools/make_beyond_cases.py",
        "digits": DIGITS,
        "cases": cases,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n", encoding="ascii")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
