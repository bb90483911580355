#pragma once

// A value or an error, for results that can fail on bad data.
//
// C++23's std::expected is not in the C++20 library that Debian 12 ships
// (GCC 12), so the core carries this small stand-in with the same spelling of
// the parts it uses. Misuse, such as reading the value of an error, is a
// programming mistake and asserts.

#include <cassert>
#include <utility>
#include <variant>

namespace distillscope {

template <class E>
struct Unexpected {
    E error;
};

template <class E>
Unexpected<E> unexpected(E error)
{
    return Unexpected<E>{std::move(error)};
}

template <class T, class E>
class Expected {
public:
    Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Expected(Unexpected<E> failure) : m_state(std::in_place_index<1>, std::move(failure.error)) {}

    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() &
    {
        assert(has_value() && "Expected::value() called on an error");
        return std::get<0>(m_state);
    }
    const T& value() const&
    {
        assert(has_value() && "Expected::value() called on an error");
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        assert(has_value() && "Expected::value() called on an error");
        return std::get<0>(std::move(m_state));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const
    {
        assert(!has_value() && "Expected::error() called on a value");
        return std::get<1>(m_state);
    }

private:
    std::variant<T, E> m_state;
};

// Success without a value.
struct Ok {};

} // namespace distillscope
