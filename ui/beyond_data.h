#pragma once

// The numbers behind each view of the "Beyond the paper" page, computed from
// the core (distillscope/beyond.h, sweep.h, match_temperature.h) for one
// state of the window. The page draws them and writes them as CSV, and the
// widget tests compare them with the core, so every number has one source.
//
// Curves across temperature hold only the points the core could compute:
// temperatures where v/T or z/T overflow, where a result overflows, or where
// a log axis cannot show the value (zero) are left out, never set to NaN.

#include "distillscope/beyond.h"
#include "distillscope/match_temperature.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace distillscope::ui {

// A curve across temperature: keys T and values, of equal length.
struct TemperatureCurve {
    std::vector<double> temperatures;
    std::vector<double> values;
};

// Returns `points` temperatures, log-spaced over the range where the limits
// of T^2 KL and the error of Eq. 4 show: from 1e-4 to 1e5 times the larger
// spread (max - min) of the two logit vectors, clamped to [kMinTemperature,
// kMaxTemperature]. Equal logits use a spread of 1.
std::vector<double> viewTemperatures(const Distillation& distillation, int points);

struct HardTargetsData {
    Index label = 0;
    Vector hard;        // q(T = 1) - e_label
    Vector soft_scaled; // T^2 times Eq. 2 at the current T
    Vector mixed;
};

HardTargetsData hardTargetsData(const Distillation& distillation, const Quantities& quantities,
                                Index label, double weight, MixingConvention convention);

struct LowTemperatureData {
    std::vector<Index> order; // classes by decreasing teacher logit
    Vector scaled_gradient;   // T^2 times Eq. 2 at the current T, by class
    Vector limit;             // (zc_i - vc_i) / N, by class
    Vector centred_teacher;   // vc_i, by class
};

LowTemperatureData lowTemperatureData(const Distillation& distillation, const Quantities& quantities);

struct TwoClassesData {
    Index first = 0, second = 1;
    TemperatureCurve pair_error; // centred Eq. 4 against Eq. 2 on the two classes
    TemperatureCurve all_error;  // the same on all N classes
    ErrorTerm pair_term;         // K2 / T^2 for the pair
    ErrorTerm all_term;          // K1 / T (or K2 / T^2) for all N
    bool pair_vanishes = false;  // z - v is equal on both classes, so Eq. 2 is zero
};

// Precondition: first != second, both valid classes.
TwoClassesData twoClassesData(const Distillation& distillation, Index first, Index second, int points);

struct StandardizationData {
    // Empty when that side's logits are all equal.
    std::optional<Standardized> teacher, student;
    std::optional<double> constant_teacher, constant_student; // the value of constant logits
    // Every quantity of the standardized pair at the current T; empty when a
    // side is constant or the core rejects the temperature.
    std::optional<Quantities> standardized;
};

StandardizationData standardizationData(const Distillation& distillation, double temperature);

struct LimitsData {
    TemperatureCurve scaled_kl; // T^2 KL(p || q), positive values only
    KlLimits limits;
};

LimitsData limitsData(const Distillation& distillation, int points);

// Returns the class a label names: its position in `names`, or, for a whole
// number, that index; empty when neither gives a valid class.
std::optional<Index> classOfLabel(const QStringList& names, const QString& label);

} // namespace distillscope::ui
