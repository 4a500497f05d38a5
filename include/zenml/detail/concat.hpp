// zenml-services-wasm — messages built from a format string and their pieces, in one call.
#pragma once

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

namespace zenml::detail {

/// @brief One argument of `fmt`: a NUL-terminated text, a view, or a string (by reference: the
/// view of a `std::string` is taken inside `fmt`, not at every call site).
class Piece {
 public:
  Piece(const char* s) : p_(s), n_(kCString) {}              // NOLINT: implicit
  Piece(std::string_view s) : p_(s.data()), n_(s.size()) {}  // NOLINT: implicit
  Piece(const std::string& s) : p_(&s), n_(kString) {}       // NOLINT: implicit

  std::string_view view() const {
    if (n_ == kCString) return static_cast<const char*>(p_);
    if (n_ == kString) return *static_cast<const std::string*>(p_);
    return {static_cast<const char*>(p_), n_};
  }

 private:
  static constexpr std::size_t kCString = ~std::size_t{0};
  static constexpr std::size_t kString = ~std::size_t{0} - 1;
  const void* p_;
  std::size_t n_;
};

/// @brief `format` with each `{}` replaced by the next of `args`, and each `{0}`..`{9}` by that
/// one (`{` followed by anything else is kept as it is):
/// `fmt("{}: ZenML {} has no {0} filter", {name, release})`.
///
/// Messages are built with this rather than with chains of `std::string + ...`: each `+` makes a
/// temporary string (allocate, copy, free), expanded inline at every call site, where the text
/// of a format string is data and one call is a fraction of the code (issue 10: the .wasm's
/// size). Kept out of line for the same reason; messages are built on failure paths only.
[[gnu::noinline]] inline std::string fmt(const char* format, std::initializer_list<Piece> args) {
  std::string out;
  std::size_t next = 0;
  for (const char* c = format; *c; ++c) {
    if (c[0] == '{' && (c[1] == '}' || (c[1] >= '0' && c[1] <= '9' && c[2] == '}'))) {
      const std::size_t i = c[1] == '}' ? next++ : static_cast<std::size_t>(c[1] - '0');
      if (i < args.size()) out += args.begin()[i].view();
      c += c[1] == '}' ? 1 : 2;
    } else {
      out.push_back(*c);
    }
  }
  return out;
}

}  // namespace zenml::detail
