#!/usr/bin/python3
"""Time plain Eq. 2, (softmax(z/T) - softmax(v/T)) / T, in PyTorch and NumPy.

This is the baseline that `distillscope bench --core` is compared with in
docs/benchmarks.md: the same 400 temperatures from 1e-2 to 1e4 and 1000
standard normal logits, float64, one thread. Only the gradient is
timed, without Eq. 3, Eq. 4 or the relative error that DistillScope adds. It
needs Debian's python3-torch, which tools/dev.sh does not install.
"""

import time

import numpy as np
import torch

RUNS = 50
CLASSES = 1000
TEMPERATURES = 400


def median_ms(function):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[RUNS // 2]


def softmax_rows(values):
    exponentials = np.exp(values - values.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(2015)
    teacher = rng.normal(0.0, 1.0, CLASSES)
    student = rng.normal(0.0, 1.0, CLASSES)
    temperatures = np.logspace(-2, 4, TEMPERATURES)[:, None]

    v, z, t = (torch.tensor(a, dtype=torch.float64) for a in (teacher, student, temperatures))
    torch_ms = median_ms(lambda: (torch.softmax(z / t, dim=1) - torch.softmax(v / t, dim=1)) / t)
    numpy_ms = median_ms(lambda: (softmax_rows(student / temperatures) - softmax_rows(teacher / temperatures)) / temperatures)
    print(f"torch {torch.__version__}: {torch_ms:.2f} ms median of {RUNS}")
    print(f"numpy {np.__version__}: {numpy_ms:.2f} ms median of {RUNS}")


if __name__ == "__main__":
    main()
