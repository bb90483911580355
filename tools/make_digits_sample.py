#!/usr/bin/python3
"""Write the teacher and student logits of the bundled digits sample.

The teacher is a two-hidden-layer MLP on scikit-learn's bundled 8x8 handwritten
digits. The student is a logistic regression on the same images averaged to 4x4.
The script writes the logits (pre-softmax scores) of every held-out test image to
resources/samples/. Beside them go the labels, a manifest that names the default
row and temperature, and a README with accuracies and logit ranges.

Run from anywhere:  /usr/bin/python3 tools/make_digits_sample.py

The data set ships with Debian's python3-sklearn, so nothing is downloaded.
Seeds are fixed and BLAS runs single-threaded, so two runs with the same NumPy,
OpenBLAS and scikit-learn builds write identical files. Another build or CPU may
change the last digits of the logits.
"""

import os

# Threaded BLAS may sum in a different order from run to run. These must be set
# before NumPy is imported.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

SCRIPT = "tools/make_digits_sample.py"
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "resources" / "samples"

SEED = 2015
TEST_FRACTION = 0.2
TEACHER_HIDDEN_LAYERS = (128, 64)
TEACHER_L2 = 1e-3
TEACHER_MAX_EPOCHS = 600
# A linear model on 16 pooled pixels is clearly weaker than the MLP on all 64
# pixels, even with scikit-learn's default L2 strength (C = 1).
STUDENT_INVERSE_L2 = 1.0
POOL = 2  # average over POOL x POOL pixel blocks: 8x8 -> 4x4

# The default row is picked at this temperature, which the app starts with.
DEFAULT_TEMPERATURE = 4.0
# Minimum teacher top-class soft target at T = 1 for the default row. A
# confident teacher shows why raising T reveals the second choice.
CONFIDENT_AT_T1 = 0.9

CLASSES = 10


def pool_images(pixels):
    """Average 8x8 images over POOL x POOL blocks and return flat 4x4 images."""
    side = 8 // POOL
    images = pixels.reshape(-1, side, POOL, side, POOL)
    return images.mean(axis=(2, 4)).reshape(len(pixels), side * side)


def mlp_logits(model, features):
    """Return the output layer's pre-activation of a fitted MLPClassifier.

    MLPClassifier applies softmax only in predict_proba, so the last affine
    layer after ReLU hidden layers gives the logits.
    """
    activation = features
    last = len(model.coefs_) - 1
    for layer, (weights, bias) in enumerate(zip(model.coefs_, model.intercepts_)):
        activation = activation @ weights + bias
        if layer < last:
            activation = np.maximum(activation, 0.0)
    return activation


def softmax(logits, temperature):
    scaled = logits / temperature
    scaled = scaled - scaled.max(axis=-1, keepdims=True)
    weights = np.exp(scaled)
    return weights / weights.sum(axis=-1, keepdims=True)


def train_models(features_train, labels_train):
    teacher = MLPClassifier(
        hidden_layer_sizes=TEACHER_HIDDEN_LAYERS,
        alpha=TEACHER_L2,
        max_iter=TEACHER_MAX_EPOCHS,
        random_state=SEED,
    ).fit(features_train, labels_train)
    if teacher.n_iter_ >= TEACHER_MAX_EPOCHS:
        sys.exit(f"teacher MLP did not converge within {TEACHER_MAX_EPOCHS} epochs. Raise TEACHER_MAX_EPOCHS.")

    student = LogisticRegression(C=STUDENT_INVERSE_L2, max_iter=5000)
    student.fit(pool_images(features_train), labels_train)
    return teacher, student


def choose_default_row(teacher_logits, student_logits, labels):
    """Pick the test image that best shows the teacher's second choice.

    Candidates: the teacher's top class is the label, its soft target for that
    class is at least CONFIDENT_AT_T1 at T = 1, and the student's top class is
    the teacher's second choice. The candidate whose teacher second-choice soft
    target is largest at DEFAULT_TEMPERATURE wins, the lowest row on a tie.
    Returns the row and a dict describing it.
    """
    p_at_1 = softmax(teacher_logits, 1.0)
    p_at_default = softmax(teacher_logits, DEFAULT_TEMPERATURE)
    ranking = np.argsort(-teacher_logits, axis=1, kind="stable")
    teacher_top = ranking[:, 0]
    teacher_second = ranking[:, 1]
    student_top = student_logits.argmax(axis=1)

    rows = np.arange(len(labels))
    second_mass = p_at_default[rows, teacher_second]
    candidates = (
        (teacher_top == labels)
        & (p_at_1[rows, teacher_top] >= CONFIDENT_AT_T1)
        & (student_top == teacher_second)
    )
    if not candidates.any():
        sys.exit("no test image meets the default-row rule. Lower CONFIDENT_AT_T1.")

    scores = np.where(candidates, second_mass, -1.0)
    row = int(np.argmax(scores))  # argmax returns the first maximum
    student_q = softmax(student_logits[row], DEFAULT_TEMPERATURE)
    return row, {
        "label": int(labels[row]),
        "second": int(teacher_second[row]),
        "teacher_top_at_1": float(p_at_1[row, teacher_top[row]]),
        "teacher_second_at_default": float(second_mass[row]),
        "student_top": int(student_top[row]),
        "student_label_at_default": float(student_q[labels[row]]),
        "candidates": int(candidates.sum()),
    }


def format_row(values):
    # repr() of a Python float is the shortest string that reads back exactly.
    return ",".join(repr(float(value)) for value in values)


def write_logits_csv(path, logits, description):
    lines = [
        f"# {description}, one row per test image. Written by {SCRIPT}.",
        ",".join(str(c) for c in range(CLASSES)),
    ]
    lines += [format_row(row) for row in logits]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def read_logits_csv(path):
    lines = [line for line in path.read_text(encoding="ascii").splitlines() if not line.startswith("#")]
    return np.array([[float(cell) for cell in line.split(",")] for line in lines[1:]])


def write_labels_csv(path, labels, teacher_top, student_top):
    lines = [
        f"# True label and each model's top class per test image. The index is the 0-based"
        f" data row of digits-teacher.csv and digits-student.csv. Written by {SCRIPT}.",
        "index,label,teacher_top,student_top",
    ]
    lines += [
        f"{index},{label},{teacher},{student}"
        for index, (label, teacher, student) in enumerate(zip(labels, teacher_top, student_top))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def describe_default_row(row, facts):
    return (
        f"Row {row} is a {facts['label']} that the teacher classifies correctly"
        f" ({facts['teacher_top_at_1']:.3f} at T = 1) but whose second choice {facts['second']}"
        f" gets {facts['teacher_second_at_default']:.3f} at T = {DEFAULT_TEMPERATURE:g},"
        f" and the student picks {facts['student_top']}."
    )


def write_readme(path, summary):
    s = summary
    text = f"""# Digits sample

Teacher and student logits for the {s['test']} held-out test images of
scikit-learn's bundled handwritten digits (`sklearn.datasets.load_digits`:
1,797 images of 8x8 pixels, 10 classes). Regenerate with

    /usr/bin/python3 {SCRIPT}

which needs Debian's python3-sklearn (scikit-learn {sklearn.__version__} and NumPy
{np.__version__} made these files) and downloads nothing.

| file | contents |
| --- | --- |
| `digits-teacher.csv` | teacher logits, header `0,...,9`, one row per test image |
| `digits-student.csv` | student logits, same layout |
| `digits-labels.csv` | `index,label,teacher_top,student_top`, where `index` is the 0-based data row of the logit files |
| `digits.json` | the file names, the default row and temperature, and why that row |

Each CSV file starts with one `#` comment line. Logits are written with Python's
`repr()`, so they read back as the exact doubles.

## How the files were made

- Pixels are scaled from 0..16 to 0..1. The split is stratified,
  {s['train']} training and {s['test']} test images, seed {SEED}.
- Teacher: `MLPClassifier`, ReLU hidden layers of {TEACHER_HIDDEN_LAYERS[0]} and
  {TEACHER_HIDDEN_LAYERS[1]} units, L2 penalty {TEACHER_L2:g}, seed {SEED}. Its logits are the
  output layer's pre-activation, computed from `coefs_` and `intercepts_`.
  Test accuracy: {s['teacher_accuracy']:.4f} ({s['teacher_correct']} of {s['test']}).
- Student: multinomial `LogisticRegression` (C = {STUDENT_INVERSE_L2:g}) on the images
  averaged over 2x2 blocks to 4x4 pixels, so it gets 16 features instead of 64.
  Its logits are `decision_function`.
  Test accuracy: {s['student_accuracy']:.4f} ({s['student_correct']} of {s['test']}).
- Teacher logits range from {s['teacher_min']!r} to {s['teacher_max']!r}.
  Student logits range from {s['student_min']!r} to {s['student_max']!r}.

## Default row

Row {s['default_row']} at T = {DEFAULT_TEMPERATURE:g}. The script picks it by rule, not by hand.
A candidate is a test image whose teacher top class is the label, with a soft
target of at least {CONFIDENT_AT_T1:g} at T = 1, and whose student top class is the
teacher's second choice. Of the {s['candidates']} candidates, the script takes the one whose
teacher second choice has the largest soft target at T = {DEFAULT_TEMPERATURE:g}.
{s['reason']}

Two runs with the same library builds write identical files. Another NumPy,
OpenBLAS or scikit-learn build, or another CPU, may change the last digits.
"""
    path.write_text(text, encoding="utf-8")


def main():
    digits = load_digits()
    features = digits.data / 16.0
    labels = digits.target
    features_train, features_test, labels_train, labels_test = train_test_split(
        features, labels, test_size=TEST_FRACTION, random_state=SEED, stratify=labels
    )

    teacher, student = train_models(features_train, labels_train)
    teacher_logits = mlp_logits(teacher, features_test)
    student_logits = student.decision_function(pool_images(features_test))
    teacher_top = teacher_logits.argmax(axis=1)
    student_top = student_logits.argmax(axis=1)
    # The hand-written forward pass must agree with scikit-learn's own.
    assert (teacher_top == teacher.predict(features_test)).all()
    assert (student_top == student.predict(pool_images(features_test))).all()

    row, facts = choose_default_row(teacher_logits, student_logits, labels_test)
    reason = describe_default_row(row, facts)

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    teacher_path = OUTPUT_DIR / "digits-teacher.csv"
    student_path = OUTPUT_DIR / "digits-student.csv"
    write_logits_csv(teacher_path, teacher_logits, "Teacher logits (MLP, 64 pixels) on the digits test split")
    write_logits_csv(student_path, student_logits,
                     "Student logits (logistic regression, 16 pooled pixels) on the digits test split")
    write_labels_csv(OUTPUT_DIR / "digits-labels.csv", labels_test, teacher_top, student_top)
    for path, logits in ((teacher_path, teacher_logits), (student_path, student_logits)):
        assert np.array_equal(read_logits_csv(path), logits), f"{path} does not read back exactly"

    manifest = {
        "teacher": teacher_path.name,
        "student": student_path.name,
        "labels": "digits-labels.csv",
        "default_row": row,
        "default_temperature": DEFAULT_TEMPERATURE,
        "reason": reason,
    }
    (OUTPUT_DIR / "digits.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    summary = {
        "train": len(labels_train),
        "test": len(labels_test),
        "teacher_correct": int((teacher_top == labels_test).sum()),
        "student_correct": int((student_top == labels_test).sum()),
        "teacher_min": float(teacher_logits.min()),
        "teacher_max": float(teacher_logits.max()),
        "student_min": float(student_logits.min()),
        "student_max": float(student_logits.max()),
        "default_row": row,
        "candidates": facts["candidates"],
        "reason": reason,
    }
    summary["teacher_accuracy"] = summary["teacher_correct"] / summary["test"]
    summary["student_accuracy"] = summary["student_correct"] / summary["test"]
    write_readme(OUTPUT_DIR / "README.md", summary)

    print(f"wrote {OUTPUT_DIR}: {summary['test']} test images,"
          f" teacher accuracy {summary['teacher_accuracy']:.4f},"
          f" student accuracy {summary['student_accuracy']:.4f}")
    print(reason)


if __name__ == "__main__":
    main()
