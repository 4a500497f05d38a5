// zenml-services-wasm — Result<T>: a value or a zenml::Error, never an exception.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "zenml/error.hpp"

namespace zenml {

/// @brief Stands in for `void` in `Result<Empty>` (e.g. a successful DELETE).
struct Empty {
  friend bool operator==(const Empty&, const Empty&) { return true; }
};

/// @brief The outcome of every fallible call: either a `T` or an `Error`.
///
/// Modelled on `std::expected` (C++23), restricted to what the library needs. Accessing the
/// wrong alternative is a programming error (nothing throws with `-fno-exceptions`).
///
/// A tagged union rather than `std::variant<T, Error>`: the library instantiates Result for
/// some twenty types, and each variant brought its own visitation tables and dispatchers for
/// destroying, moving and assigning (issue 10: the .wasm's size); here each is one branch.
template <class T>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is ambiguous");

  // By reference, not by value: `return *e;` and `return std::move(r).error();` then build the
  // alternative in place, where a by-value parameter was one more Error to move and destroy at
  // every such return (some 200 of them: issue 10).
  Result(const T& value) : ok_(true) { new (&value_) T(value); }                 // NOLINT: implicit
  Result(T&& value) : ok_(true) { new (&value_) T(std::move(value)); }           // NOLINT: implicit
  Result(const Error& error) : ok_(false) { new (&error_) Error(error); }        // NOLINT: implicit
  Result(Error&& error) : ok_(false) { new (&error_) Error(std::move(error)); }  // NOLINT: implicit
  Result(const Result& o) : ok_(o.ok_) {
    if (ok_)
      new (&value_) T(o.value_);
    else
      new (&error_) Error(o.error_);
  }
  Result(Result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : ok_(o.ok_) {
    take(std::move(o));
  }
  Result& operator=(const Result& o) {
    if (this != &o) *this = Result(o);
    return *this;
  }
  Result& operator=(Result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &o) {
      destroy();
      ok_ = o.ok_;
      take(std::move(o));
    }
    return *this;
  }
  ~Result() { destroy(); }

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }

  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  T& operator*() & { return value_; }
  const T& operator*() const& { return value_; }

  Error& error() & { return error_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

  /// @brief Applies `f` to the value; an error passes through unchanged.
  template <class F>
  auto map(F&& f) && -> Result<std::invoke_result_t<F, T&&>> {
    if (ok()) return std::forward<F>(f)(std::move(value()));
    return std::move(error());
  }

 private:
  void take(Result&& o) {  // constructs the alternative `ok_` names, from `o`'s
    if (ok_)
      new (&value_) T(std::move(o.value_));
    else
      new (&error_) Error(std::move(o.error_));
  }
  void destroy() {
    if (ok_)
      value_.~T();
    else
      error_.~Error();
  }

  union {
    T value_;
    Error error_;
  };
  bool ok_;
};

}  // namespace zenml
