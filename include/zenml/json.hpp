// zenml-services-wasm — the JSON types, and the one way the library turns JSON text into them.
//
// Every reader of JSON text (server responses, the caller's options and request objects, the
// lists of `oneof` filters) goes through `parse_json_text`: nlohmann's parser driving one SAX
// handler, `BoundedDomSax`. Besides bounding the nesting, having one entry point keeps a
// single instantiation of nlohmann's parser per JSON type in a binary; each distinct SAX
// handler or `parse()` overload instantiates the whole parser loop again (the wasm module
// shrank by ~4 kB gzip when the last two extra ones went).
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "zenml/error.hpp"
#include "zenml/result.hpp"

namespace zenml {

using Json = nlohmann::json;
/// Request-side free-form objects keep their key order: the server compares `config`s by their
/// serialisation, key order included (409 on a duplicate), so the client must send what the
/// caller wrote, not a key-sorted copy.
using OrderedJson = nlohmann::ordered_json;

namespace detail {

/// @brief nlohmann's DOM builder behind a depth guard: parsing stops (returns false) before a
/// level beyond `max_depth` is created, so no DOM deeper than the limit ever exists.
template <class J>
class BoundedDomSax {
 public:
  using Dom = nlohmann::detail::json_sax_dom_parser<J>;
  BoundedDomSax(J& root, std::size_t max_depth) : dom_(root, false), max_depth_(max_depth) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(typename J::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(typename J::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(typename J::number_float_t v, const typename J::string_t& s) { return dom_.number_float(v, s); }
  bool string(typename J::string_t& v) { return dom_.string(v); }
  bool binary(typename J::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return deeper() && dom_.start_object(n); }
  bool key(typename J::string_t& v) { return dom_.key(v); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    message_ = "invalid JSON at byte " + std::to_string(position == 0 ? 0 : position - 1) + ": ";
    std::string_view what = ex.what();
    const auto close = what.find("] ");  // drop nlohmann's "[json.exception.parse_error.101] "
    message_ += close == std::string_view::npos ? what : what.substr(close + 2);
    return false;
  }

  const std::string& message() const { return message_; }
  bool too_deep() const { return too_deep_; }

 private:
  bool deeper() {
    if (++depth_ <= max_depth_) return true;
    too_deep_ = true;
    message_ = "invalid JSON: nesting too deep (max_depth " + std::to_string(max_depth_) + ")";
    return false;
  }
  Dom dom_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
  std::string message_;
};

}  // namespace detail

/// @brief Parses one JSON document (RFC 8259, no comments, nothing after it) into a `J`
/// (`Json` or `OrderedJson`). Nesting deeper than `max_depth` (the root container is depth 1)
/// is refused before it is built; a NUL byte anywhere is refused up front (nlohmann would take
/// it for the end of the input). Never throws, never recurses with the input's depth. The
/// error is `bad_response` with the byte offset and nlohmann's description.
template <class J>
Result<J> parse_json_text(std::string_view text, std::size_t max_depth = static_cast<std::size_t>(-1)) {
  // (an empty view may have a null data(), which memchr must never see)
  if (const void* nul = text.empty() ? nullptr : std::memchr(text.data(), 0, text.size())) {
    return Error::bad_response("invalid JSON at byte " +
                               std::to_string(static_cast<const char*>(nul) - text.data()) +
                               ": NUL byte");
  }
  J root;
  detail::BoundedDomSax<J> sax(root, max_depth);
  const bool ok = J::sax_parse(text.begin(), text.end(), &sax, J::input_format_t::json, true, false);
  if (!ok) {
    return Error::bad_response(sax.message().empty() ? std::string("invalid JSON") : sax.message());
  }
  return root;
}

}  // namespace zenml
