#pragma once

// Choices that change how the panels present the core's numbers, not the numbers.

namespace distillscope::ui {

// The logits Eq. 4 uses: as given, or centred to zero mean as the
// approximation assumes.
enum class Eq4Logits { Raw, Centered };

struct DisplayOptions {
    Eq4Logits eq4_logits = Eq4Logits::Centered;
    // Multiplies gradients and losses by T^2, the factor that keeps the soft
    // targets' gradient magnitudes comparable across temperatures.
    bool scale_by_t_squared = false;
};

} // namespace distillscope::ui
