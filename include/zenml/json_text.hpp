// zenml-services-wasm — JSON text <-> DOM, for any nlohmann JSON type: the one parser entry and
// the one serializer.
//
// Every reader of JSON text (server responses, the caller's options and request objects, the
// lists of `oneof` filters) goes through `parse_json_text`: nlohmann's parser driving one SAX
// handler, `BoundedDomSax`, which bounds the nesting and builds the DOM. Having one entry point
// keeps a single instantiation of nlohmann's parser loop in a binary; each distinct SAX handler
// or `parse()` overload instantiates it again. `detail::dump_json` is the one way back to text.
// This header names no zenml type, so that code generic over nlohmann types (filter.hpp) can use
// it; the library's own JSON type and limits are in json.hpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zenml/detail/concat.hpp"
#include "zenml/error.hpp"
#include "zenml/result.hpp"

namespace zenml {

namespace detail {

/// Objects stored as a vector of members (`ordered_map`), as opposed to a tree (`std::map`).
template <class M, class = void>
struct is_vector_object : std::false_type {};
template <class M>
struct is_vector_object<M, std::void_t<typename M::Container>>
    : std::is_base_of<typename M::Container, M> {};

/// @brief Builds the DOM from nlohmann's SAX events behind a depth guard: parsing stops
/// (returns false) before a level beyond `max_depth` is created, so no DOM deeper than the limit
/// ever exists. What nlohmann's `json_sax_dom_parser` does, except for the members of
/// `ordered_json` objects: `ordered_map` finds a key by a linear search, so an object of n keys
/// would cost n^2/2 string compares (a 4 MB body of short keys: minutes). Here a key is appended
/// without a search once an object holds kLinearKeys, and repeated keys are resolved when the
/// object closes, in n log n, to exactly what `ordered_map` gives: a repeated key keeps its first
/// position and takes its last value (as `JSON.parse` does).
template <class J>
class BoundedDomSax {
 public:
  using object_t = typename J::object_t;
  using string_t = typename J::string_t;

  BoundedDomSax(J& root, std::size_t max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(typename J::number_integer_t v) { return put(v); }
  bool number_unsigned(typename J::number_unsigned_t v) { return put(v); }
  bool number_float(typename J::number_float_t v, const string_t& /*text*/) { return put(v); }
  bool string(string_t& v) { return put(v); }
  bool binary(typename J::binary_t& v) { return put(std::move(v)); }
  bool start_object(std::size_t /*n*/) { return open(J::value_t::object); }
  bool start_array(std::size_t /*n*/) { return open(J::value_t::array); }
  bool key(string_t& k) {
    auto& members = stack_.back().value->template get_ref<object_t&>();
    if constexpr (is_vector_object<object_t>::value) {
      if (members.size() < kLinearKeys) {
        for (auto& m : members) {
          if (m.first == k) {
            member_ = &m.second;
            return true;
          }
        }
      } else {
        stack_.back().may_repeat = true;
      }
      if (members.size() == members.capacity()) grow(members);
      members.emplace_back(k, nullptr);
      member_ = &members.back().second;
    } else {
      member_ = &members[k];
    }
    return true;
  }
  bool end_object() {
    if constexpr (is_vector_object<object_t>::value) {
      if (stack_.back().may_repeat)
        merge_repeated(stack_.back().value->template get_ref<object_t&>());
    }
    stack_.pop_back();
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    message_ = fmt("invalid JSON at byte {}: ", {std::to_string(position == 0 ? 0 : position - 1)});
    std::string_view what = ex.what();
    const auto close = what.find("] ");  // drop nlohmann's "[json.exception.parse_error.101] "
    message_ += close == std::string_view::npos ? what : what.substr(close + 2);
    return false;
  }

  const std::string& message() const { return message_; }
  bool too_deep() const { return too_deep_; }

 private:
  static constexpr std::size_t kLinearKeys = 16;

  struct Open {
    J* value;
    bool may_repeat;  // a key was appended without a search
  };

  /// Stores a scalar or a new container where the next value goes; returns where it went.
  template <class V>
  J* place(V&& v) {
    if (stack_.empty()) {
      root_ = J(std::forward<V>(v));
      return &root_;
    }
    J& top = *stack_.back().value;
    if (top.is_array()) {
      auto& items = top.template get_ref<typename J::array_t&>();
      items.emplace_back(std::forward<V>(v));
      return &items.back();
    }
    *member_ = J(std::forward<V>(v));
    return member_;
  }
  template <class V>
  bool put(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  bool open(typename J::value_t kind) {
    if (stack_.size() >= max_depth_) {
      too_deep_ = true;
      message_ = fmt("invalid JSON: nesting too deep (max_depth {})", {std::to_string(max_depth_)});
      return false;
    }
    stack_.push_back(Open{place(kind), false});
    return true;
  }

  /// Doubles the room of an object's members by moving the values. A member is a
  /// `pair<const string, J>`, whose move constructor may throw (it copies the key), so a vector
  /// growing by itself copies every value instead: deep copies, recursive with the depth.
  static void grow(object_t& object) {
    auto& members = static_cast<typename object_t::Container&>(object);
    typename object_t::Container bigger;
    bigger.reserve(members.empty() ? 4 : 2 * members.size());
    for (auto& m : members) bigger.emplace_back(m.first, std::move(m.second));
    members.swap(bigger);
  }

  /// Resolves repeated keys: each keeps its first position and its last value.
  static void merge_repeated(object_t& object) {
    auto& members = static_cast<typename object_t::Container&>(object);  // indexable
    const std::size_t n = members.size();
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    const auto before = [&members](std::size_t a, std::size_t b) {
      const int c = members[a].first.compare(members[b].first);
      return c < 0 || (c == 0 && a < b);
    };
    std::make_heap(order.begin(), order.end(),
                   before);  // heap sort: the least code of the n log n sorts
    std::sort_heap(order.begin(), order.end(), before);
    // In key order, a repeated key's positions ascend: the first takes the last one's value and the
    // others are marked `discarded` (a value no parse produces) for the compaction below.
    std::size_t first = 0;
    bool repeated = false;
    for (std::size_t i = 1; i <= n; ++i) {
      if (i < n && members[order[i]].first == members[order[first]].first) continue;
      if (i - first > 1) {
        members[order[first]].second = std::move(members[order[i - 1]].second);
        for (std::size_t r = first + 1; r < i; ++r)
          members[order[r]].second = J(J::value_t::discarded);
        repeated = true;
      }
      first = i;
    }
    if (!repeated) return;
    typename object_t::Container kept;
    kept.reserve(n);
    for (auto& m : members) {
      if (!m.second.is_discarded()) kept.emplace_back(m.first, std::move(m.second));
    }
    members.swap(kept);
  }

  J& root_;
  std::size_t max_depth_;
  std::vector<Open> stack_;
  J* member_ = nullptr;
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
Result<J> parse_json_text(std::string_view text,
                          std::size_t max_depth = static_cast<std::size_t>(-1)) {
  // (an empty view may have a null data(), which memchr must never see)
  if (const void* nul = text.empty() ? nullptr : std::memchr(text.data(), 0, text.size())) {
    return Error::bad_response("invalid JSON at byte {}: NUL byte",
                               {std::to_string(static_cast<const char*>(nul) - text.data())});
  }
  J root;
  detail::BoundedDomSax<J> sax(root, max_depth);
  const bool ok =
      J::sax_parse(text.begin(), text.end(), &sax, J::input_format_t::json, true, false);
  if (!ok) {
    return Error::bad_response(sax.message().empty() ? std::string("invalid JSON") : sax.message());
  }
  return root;
}

namespace detail {

/// @brief Compact JSON text of `j`; invalid UTF-8 in a string is replaced by U+FFFD instead of
/// aborting (nlohmann's default throws, which is `abort()` under JSON_NOEXCEPTION).
template <class J>
std::string dump_json(const J& j) {
  return j.dump(-1, ' ', false, J::error_handler_t::replace);
}

}  // namespace detail

}  // namespace zenml
