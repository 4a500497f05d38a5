// zenml-services-wasm — Result<T>: a value or a zenml::Error, never an exception.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "zenml/error.hpp"

namespace zenml {

/// @brief Stands in for `void` in `Result<Empty>` (e.g. a successful DELETE).
struct Empty {
  friend bool operator==(const Empty&, const Empty&) { return true; }
};

/// @brief The outcome of every fallible call: either a `T` or an `Error`.
///
/// Modelled on `std::expected` (C++23), restricted to what the library needs. Accessing the
/// wrong alternative is a programming error and asserts in debug builds (`std::get_if` is
/// used, so nothing throws with `-fno-exceptions`).
template <class T>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is ambiguous");

  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return *std::get_if<0>(&v_); }
  const T& value() const& { return *std::get_if<0>(&v_); }
  T&& value() && { return std::move(*std::get_if<0>(&v_)); }
  T* operator->() { return std::get_if<0>(&v_); }
  const T* operator->() const { return std::get_if<0>(&v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  Error& error() & { return *std::get_if<1>(&v_); }
  const Error& error() const& { return *std::get_if<1>(&v_); }
  Error&& error() && { return std::move(*std::get_if<1>(&v_)); }

  /// @brief Applies `f` to the value; an error passes through unchanged.
  template <class F>
  auto map(F&& f) && -> Result<std::invoke_result_t<F, T&&>> {
    if (ok()) return std::forward<F>(f)(std::move(value()));
    return std::move(error());
  }

 private:
  std::variant<T, Error> v_;
};

}  // namespace zenml
