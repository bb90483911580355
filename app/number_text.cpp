#include "app/number_text.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>

namespace distillscope::app {

std::string formatNumber(double value)
{
    assert(std::isfinite(value) && "formatNumber called with NaN or infinity");

    // 24 characters cover the longest shortest form, -2.2250738585072014e-308.
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    assert(error == std::errc{});
    return std::string(buffer.data(), end);
}

QString numberText(double value)
{
    return QString::fromStdString(formatNumber(value));
}

} // namespace distillscope::app
