// zenml-services-wasm — JSON codec: a fast validating scanner (no DOM), model decoding, encoding.
//
// Two independent readers of the same contract live here:
//   * `validate_page` / `validate_service`: a single-pass, allocation-free scanner over the raw
//     bytes. It checks full JSON syntax and the `Page[ServiceResponse]` / `ServiceResponse`
//     schema, so the JS facade can hand already-validated text to `JSON.parse`.
//   * `decode_*`: nlohmann_json DOM parse (bounded by `DecodeLimits`) + a walk that builds the
//     C++ models.
// Both apply the same rules and produce the same schema error messages (tests and the fuzzer
// hold them to it). The rules, shared by both:
//   * JSON as `JSON.parse` reads it (duplicate keys: the last one wins), plus: strings must be
//     valid UTF-8 and `\u` escapes must not leave a surrogate unpaired; a number that overflows a
//     double is rejected; a leading UTF-8 BOM is skipped.
//   * unknown fields are ignored at every level; unknown `ServiceState` strings are kept;
//     a missing nullable key reads as `null`.
//   * a failure is `bad_response` naming the JSON path (`items[3].body.created: expected a
//     timestamp string, got number`); syntax errors give the byte offset instead.
#pragma once

#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zenml/error.hpp"
#include "zenml/json.hpp"
#include "zenml/page.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"
#include "zenml/url.hpp"

namespace zenml {

/// @brief Bounds checked before any work that could exhaust memory or stack: a longer input
/// is rejected before a byte is read; nesting is counted while scanning (the root container is
/// depth 1) and rejected before the next level is entered.
struct DecodeLimits {
  std::size_t max_bytes = std::size_t{64} << 20;  ///< 64 MiB
  std::size_t max_depth = 256;
};

/// @brief What `validate_page` learns without building anything: the page header and how many
/// items the page holds.
struct PageInfo {
  std::int64_t index = 0;
  std::int64_t max_size = 0;
  std::int64_t total_pages = 0;
  std::int64_t total = 0;
  std::size_t item_count = 0;
  friend bool operator==(const PageInfo& a, const PageInfo& b) {
    return a.index == b.index && a.max_size == b.max_size && a.total_pages == b.total_pages &&
           a.total == b.total && a.item_count == b.item_count;
  }
};

namespace detail {

// ---------------------------------------------------------------------------------------------
// Shared value rules (used by the scanner, the decoder and the encoder)
// ---------------------------------------------------------------------------------------------

inline bool is_hex_digit(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// @brief Canonical hyphenated UUID text: 8-4-4-4-12 hex digits (either case).
inline bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!is_hex_digit(c)) {
      return false;
    }
  }
  return true;
}

/// @brief Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
inline std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  if (m <= 2) --y;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline unsigned days_in_month(unsigned y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

/// @brief Parses ZenML's timestamp shape `YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z|±HH:MM]` and returns
/// milliseconds since the Unix epoch (UTC). Without a zone the value is UTC (ZenML stores naive
/// UTC); an offset is applied. Sub-millisecond digits are truncated, like JS `Date.parse`.
/// Any other shape (space separator, 7+ fraction digits, day 31 in April, …) is nullopt.
inline std::optional<double> parse_timestamp_ms(std::string_view s) {
  auto num = [&s](std::size_t pos, std::size_t n, unsigned& out) {
    unsigned v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 19 || !num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' ||
      !num(8, 2, d) || s[10] != 'T' || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) ||
      s[16] != ':' || !num(17, 2, se)) {
    return std::nullopt;
  }
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
      se > 59) {
    return std::nullopt;
  }
  std::size_t i = 19;
  std::int64_t frac_us = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n == 6) return std::nullopt;
      frac_us = frac_us * 10 + (s[i] - '0');
      ++n;
      ++i;
    }
    if (n == 0) return std::nullopt;
    for (; n < 6; ++n) frac_us *= 10;
  }
  std::int64_t offset_s = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      ++i;
    } else if ((s[i] == '+' || s[i] == '-') && s.size() - i == 6) {
      unsigned oh = 0, om = 0;
      if (!num(i + 1, 2, oh) || s[i + 3] != ':' || !num(i + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset_s = (s[i] == '-' ? -1 : 1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
      i += 6;
    } else {
      return std::nullopt;
    }
  }
  const std::int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset_s;
  return static_cast<double>(secs * 1000 + frac_us / 1000);
}

/// @brief Number of Unicode code points in UTF-8 text (Python's `len()` of the same string).
inline std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Error message helpers: both readers build their schema messages with these, so the texts match
// ---------------------------------------------------------------------------------------------

/// @brief Appends `s` as a JSON string literal; a longer `s` is cut (at a UTF-8 boundary) after
/// `max` bytes and marked with `...`.
inline void append_quoted(std::string& out, std::string_view s,
                          std::size_t max = std::string_view::npos) {
  bool cut = false;
  if (s.size() > max) {
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
    cut = true;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
  if (cut) out += "...";
}

inline std::string quoted_excerpt(std::string_view s) {
  std::string out;
  append_quoted(out, s, 60);
  return out;
}

/// @brief `path.key` for identifier-like keys, `path["odd key"]` otherwise.
inline void append_key(std::string& path, std::string_view key) {
  bool plain = !key.empty();
  for (unsigned char c : key) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-');
  }
  if (plain) {
    if (!path.empty()) path.push_back('.');
    path += key;
  } else {
    path.push_back('[');
    append_quoted(path, key);
    path.push_back(']');
  }
}

inline void append_index(std::string& path, std::size_t i) {
  path.push_back('[');
  path += std::to_string(i);
  path.push_back(']');
}

inline std::string at_path(const std::string& path, std::string_view what) {
  std::string out;
  if (!path.empty()) {
    out.reserve(path.size() + 2 + what.size());
    out += path;
    out += ": ";
  }
  out += what;
  return out;
}

inline std::string expected(std::string_view what, std::string_view got) {
  std::string out = "expected ";
  out += what;
  out += ", got ";
  out += got;
  return out;
}

constexpr std::string_view kMissing = "missing required field";
constexpr std::string_view kUuid = "a UUID string";
constexpr std::string_view kUuidOrNull = "a UUID string or null";
constexpr std::string_view kString = "a string";
constexpr std::string_view kStringOrNull = "a string or null";
constexpr std::string_view kObject = "an object";
constexpr std::string_view kObjectOrNull = "an object or null";
constexpr std::string_view kArray = "an array";
constexpr std::string_view kInteger = "an integer";
constexpr std::string_view kBoolean = "a boolean";
constexpr std::string_view kNumberOrNull = "a number or null";
constexpr std::string_view kTimestamp = "a timestamp string";

inline std::string bad_uuid(std::string_view s) { return "expected a UUID, got " + quoted_excerpt(s); }
inline std::string bad_timestamp(std::string_view s) {
  return "expected an ISO-8601 timestamp, got " + quoted_excerpt(s);
}

template <class J>
const char* type_name(const J& j) {
  using V = nlohmann::detail::value_t;
  switch (j.type()) {
    case V::null: return "null";
    case V::boolean: return "boolean";
    case V::string: return "string";
    case V::array: return "array";
    case V::object: return "object";
    case V::binary: return "binary";
    case V::discarded: return "discarded";
    default: return "number";
  }
}

/// @brief The JSON type a value has, judged from its first byte (the value is valid JSON).
inline const char* type_name(char first) {
  switch (first) {
    case '{': return "object";
    case '[': return "array";
    case '"': return "string";
    case 't':
    case 'f': return "boolean";
    case 'n': return "null";
    default: return "number";
  }
}

// ---------------------------------------------------------------------------------------------
// JSON string unescaping (input already validated)
// ---------------------------------------------------------------------------------------------

inline unsigned hex4(const char* p) {
  unsigned v = 0;
  for (int i = 0; i < 4; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

/// @brief Feeds the decoded bytes of a validated JSON string body to `sink(unsigned char)`,
/// stopping early when `sink` returns false.
template <class Sink>
bool unescape_each(const char* p, const char* e, Sink&& sink) {
  while (p < e) {
    auto c = static_cast<unsigned char>(*p++);
    if (c != '\\') {
      if (!sink(c)) return false;
      continue;
    }
    const char x = *p++;
    switch (x) {
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      case 'u': {
        unsigned cp = hex4(p);
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // validated: a low surrogate escape follows
          const unsigned lo = hex4(p + 2);
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        unsigned char buf[4];
        int n = 0;
        if (cp < 0x80) {
          buf[n++] = static_cast<unsigned char>(cp);
        } else if (cp < 0x800) {
          buf[n++] = static_cast<unsigned char>(0xC0 | (cp >> 6));
          buf[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          buf[n++] = static_cast<unsigned char>(0xE0 | (cp >> 12));
          buf[n++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
          buf[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        } else {
          buf[n++] = static_cast<unsigned char>(0xF0 | (cp >> 18));
          buf[n++] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
          buf[n++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
          buf[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        }
        for (int i = 0; i < n; ++i) {
          if (!sink(buf[i])) return false;
        }
        continue;
      }
      default: c = static_cast<unsigned char>(x); break;  // '"', '\\', '/'
    }
    if (!sink(c)) return false;
  }
  return true;
}

/// @brief A validated JSON string: the bytes between the quotes, and whether it holds escapes.
struct RawStr {
  const char* b = nullptr;
  const char* e = nullptr;
  bool esc = false;
  std::string_view raw() const { return {b, static_cast<std::size_t>(e - b)}; }
};

inline std::string unescape(const RawStr& s) {
  if (!s.esc) return std::string(s.raw());
  std::string out;
  out.reserve(s.raw().size());
  unescape_each(s.b, s.e, [&out](unsigned char c) {
    out.push_back(static_cast<char>(c));
    return true;
  });
  return out;
}

/// @brief Decodes into `buf`; returns the decoded view, or nullopt when it needs more than `cap`
/// bytes (then it cannot be any of the short things it is compared with).
inline std::optional<std::string_view> unescape_small(const RawStr& s, char* buf, std::size_t cap) {
  if (!s.esc) return s.raw();
  std::size_t n = 0;
  const bool fits = unescape_each(s.b, s.e, [&](unsigned char c) {
    if (n == cap) return false;
    buf[n++] = static_cast<char>(c);
    return true;
  });
  if (!fits) return std::nullopt;
  return std::string_view(buf, n);
}

// ---------------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------------

struct FieldSpec {
  std::string_view name;
  bool required;
};

/// @brief Per-field outcome inside one object. Errors stay pending until the object closes,
/// because a later duplicate key replaces the earlier value (last one wins, as in JSON.parse).
struct Slot {
  enum : std::uint8_t { missing, ok, bad };
  std::uint8_t state = missing;
  std::string err;  ///< full message when `bad` (empty strings never allocate)
};

/// @brief Single-pass validating scanner over raw JSON bytes.
///
/// Syntax errors ("hard") stop the scan at once. Schema errors ("soft") are recorded and the
/// scan continues, because (1) a later duplicate key may replace the offending value and (2) a
/// syntax error later in the text must still win: it is what `JSON.parse` would report.
/// Generic values (config, status, …) are skipped iteratively, so nesting costs no stack; the
/// schema levels recurse at most a fixed 6 deep.
class Scanner {
 public:
  enum St : std::uint8_t { kOk, kSoft, kHard };

  Scanner(std::string_view text, const DecodeLimits& limits)
      : beg_(text.data()), p_(text.data()), end_(text.data() + text.size()),
        max_depth_(limits.max_depth) {
    kinds_ = kinds_inline_;
    if (max_depth_ / 64 + 1 > kInlineKinds) {
      kinds_heap_.resize(max_depth_ / 64 + 1);
      kinds_ = kinds_heap_.data();
    }
  }
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  /// @brief The message of a hard (syntax / limit) error.
  std::string hard_message() const {
    std::string m = "invalid JSON at byte " + std::to_string(hard_at_ - beg_) + ": " + hard_msg_;
    if (hard_msg_ == kTooDeep) m += " (max_depth " + std::to_string(max_depth_) + ")";
    if (hard_path_n_ > 0) m += " (in " + path_string(hard_path_n_) + ")";
    return m;
  }

  St page_document(PageInfo& info, std::string& err) {
    return document([&] { return root_object(err, [&](std::string& e) { return page(info, e); }); });
  }
  St service_document(std::string& err) {
    return document([&] { return root_object(err, [&](std::string& e) { return service(e); }); });
  }

 private:
  static constexpr std::size_t kInlineKinds = 64;  // 4096 levels without allocating
  static constexpr int kMaxPath = 10;
  static constexpr const char* kTooDeep = "nesting too deep";

  struct Seg {
    enum : std::uint8_t { name, raw_key, index };
    std::uint8_t kind = name;
    const char* p = nullptr;
    std::size_t n = 0;  // length (name/raw_key) or the index
    bool esc = false;
  };

  // -- hard errors ------------------------------------------------------------------------------
  St fail(const char* at, const char* msg) {
    hard_at_ = at;
    hard_msg_ = msg;
    hard_path_n_ = np_;
    return kHard;
  }

  // -- path -------------------------------------------------------------------------------------
  void push_name(std::string_view n) {
    if (np_ < kMaxPath) path_[np_] = Seg{Seg::name, n.data(), n.size(), false};
    ++np_;
  }
  void push_raw(const RawStr& k) {
    if (np_ < kMaxPath) path_[np_] = Seg{Seg::raw_key, k.b, static_cast<std::size_t>(k.e - k.b), k.esc};
    ++np_;
  }
  void push_index(std::size_t i) {
    if (np_ < kMaxPath) path_[np_] = Seg{Seg::index, nullptr, i, false};
    ++np_;
  }
  void pop() { --np_; }

  std::string path_string(int n) const {
    std::string out;
    for (int i = 0; i < n && i < kMaxPath; ++i) {
      const Seg& s = path_[i];
      if (s.kind == Seg::index) {
        append_index(out, s.n);
      } else if (s.kind == Seg::raw_key) {
        append_key(out, unescape(RawStr{s.p, s.p + s.n, s.esc}));
      } else {
        append_key(out, std::string_view(s.p, s.n));
      }
    }
    return out;
  }
  std::string here(std::string_view what) const { return at_path(path_string(np_), what); }
  void soft(Slot& s, std::string_view what) {
    s.state = Slot::bad;
    s.err = here(what);
  }
  static void good(Slot& s) {
    s.state = Slot::ok;
    s.err.clear();
  }

  // -- lexical ----------------------------------------------------------------------------------
  void ws() {
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) return;
      ++p_;
    }
  }

  St need_more() { return p_ < end_ ? kOk : fail(p_, "unexpected end of input"); }

  St literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) >= n && std::memcmp(p_, word, n) == 0) {
      p_ += n;
      return kOk;
    }
    return fail(p_, "invalid literal");
  }

  /// Bytes of 8 that need a closer look inside a string: '"', '\\', < 0x20, >= 0x80. The lowest
  /// flagged byte is always a real hit (borrows only run upward from a real hit).
  static std::uint64_t special8(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const std::uint64_t q = x ^ (ones * '"');
    const std::uint64_t b = x ^ (ones * '\\');
    return (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) & highs;
  }

  /// `memcmp(a, b, n) == 0` for the short keys of the schema, inline: wasm's libc memcmp is a
  /// byte loop behind a call, and it ran once per key.
  static bool same_bytes(const char* a, const char* b, std::size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (; n > 0; ++a, ++b, --n) {
      if (*a != *b) return false;
    }
    return true;
  }

  /// Validates a string starting at the opening quote; leaves p_ after the closing quote.
  St string(RawStr& s) {
    const char* p = p_ + 1;
    s.b = p;
    s.esc = false;
    for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      while (end_ - p >= 8) {
        std::uint64_t x;
        std::memcpy(&x, p, 8);
        const std::uint64_t m = special8(x);
        if (m == 0) {
          p += 8;
          continue;
        }
        p += __builtin_ctzll(m) >> 3;
        break;
      }
#endif
      if (p >= end_) return fail(p, "unterminated string");
      const auto c = static_cast<unsigned char>(*p);
      if (c == '"') {
        s.e = p;
        p_ = p + 1;
        return kOk;
      }
      if (c == '\\') {
        s.esc = true;
        if (St st = escape(p); st != kOk) return st;
      } else if (c < 0x20) {
        return fail(p, "control character in string");
      } else if (c >= 0x80) {
        if (St st = utf8(p); st != kOk) return st;
      } else {
        ++p;
      }
    }
  }

  St escape(const char*& p) {
    const char* at = p;
    ++p;
    if (p >= end_) return fail(p, "unterminated string");
    switch (*p) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        ++p;
        return kOk;
      case 'u': break;
      default: return fail(at, "invalid escape");
    }
    if (end_ - p < 5 || !hex4_ok(p + 1)) return fail(at, "invalid \\u escape");
    const unsigned cp = hex4(p + 1);
    p += 5;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(at, "unpaired surrogate in \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4_ok(p + 2)) {
        return fail(at, "unpaired surrogate in \\u escape");
      }
      const unsigned lo = hex4(p + 2);
      if (lo < 0xDC00 || lo > 0xDFFF) return fail(at, "unpaired surrogate in \\u escape");
      p += 6;
    }
    return kOk;
  }
  static bool hex4_ok(const char* p) {
    return is_hex_digit(static_cast<unsigned char>(p[0])) &&
           is_hex_digit(static_cast<unsigned char>(p[1])) &&
           is_hex_digit(static_cast<unsigned char>(p[2])) &&
           is_hex_digit(static_cast<unsigned char>(p[3]));
  }

  /// One UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
  St utf8(const char*& p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    const std::ptrdiff_t left = end_ - p;
    const unsigned c = u[0];
    auto cont = [u, left](int i) { return i < left && (u[i] & 0xC0) == 0x80; };
    auto in = [u, left](int i, unsigned lo, unsigned hi) { return i < left && u[i] >= lo && u[i] <= hi; };
    int n = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = cont(1) ? 2 : 0;
    } else if (c == 0xE0) {
      n = in(1, 0xA0, 0xBF) && cont(2) ? 3 : 0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      n = cont(1) && cont(2) ? 3 : 0;
    } else if (c == 0xED) {
      n = in(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    } else if (c == 0xF0) {
      n = in(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0;
    } else if (c >= 0xF1 && c <= 0xF3) {
      n = cont(1) && cont(2) && cont(3) ? 4 : 0;
    } else if (c == 0xF4) {
      n = in(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    }
    if (n == 0) return fail(p, "invalid UTF-8 in string");
    p += n;
    return kOk;
  }

  struct Num {
    bool integral = false;  // no fraction, no exponent
    bool fits = false;      // integral and within int64
    std::int64_t value = 0;
  };

  St number(Num* out) {
    const char* const start = p_;
    const char* p = p_;
    const bool neg = *p == '-';
    if (neg) ++p;
    if (p >= end_) return fail(p, "invalid number");
    const char* const ib = p;
    if (*p == '0') {
      ++p;
    } else if (*p >= '1' && *p <= '9') {
      ++p;
      while (p < end_ && *p >= '0' && *p <= '9') ++p;
    } else {
      return fail(p, neg ? "invalid number" : "unexpected character");
    }
    const char* const ie = p;
    const char* fb = nullptr;
    const char* fe = nullptr;
    if (p < end_ && *p == '.') {
      fb = ++p;
      while (p < end_ && *p >= '0' && *p <= '9') ++p;
      if (p == fb) return fail(p, "invalid number");
      fe = p;
    }
    bool has_exp = false;
    std::int64_t ex = 0;
    if (p < end_ && (*p == 'e' || *p == 'E')) {
      has_exp = true;
      ++p;
      bool eneg = false;
      if (p < end_ && (*p == '+' || *p == '-')) eneg = *p++ == '-';
      const char* eb = p;
      while (p < end_ && *p >= '0' && *p <= '9') {
        if (ex < 1000000000) ex = ex * 10 + (*p - '0');
        ++p;
      }
      if (p == eb) return fail(p, "invalid number");
      if (eneg) ex = -ex;
    }
    p_ = p;
    // Only a decimal exponent of 308 or more can overflow a double: settle those exactly with
    // strtod, as nlohmann does (which rejects them), the rest never allocate.
    if (has_exp || ie - ib > 308) {
      bool zero = false;
      std::int64_t e10 = 0;
      if (*ib != '0') {
        e10 = (ie - ib) - 1;
      } else if (fb == nullptr) {
        zero = true;
      } else {
        const char* q = fb;
        while (q < fe && *q == '0') ++q;
        if (q == fe) zero = true;
        e10 = -(q - fb) - 1;
      }
      if (!zero && e10 + ex >= 308 && !finite_slow(start, p)) {
        return fail(start, "number out of range of a double");
      }
    }
    if (out != nullptr) {
      out->integral = fb == nullptr && !has_exp;
      out->fits = false;
      if (out->integral && ie - ib <= 19) {
        std::uint64_t v = 0;
        for (const char* q = ib; q < ie; ++q) v = v * 10 + static_cast<std::uint64_t>(*q - '0');
        const std::uint64_t lim = neg ? (std::uint64_t{1} << 63) : (std::uint64_t{1} << 63) - 1;
        if (v <= lim) {
          out->fits = true;
          out->value = !neg ? static_cast<std::int64_t>(v)
                            : (v == (std::uint64_t{1} << 63) ? std::numeric_limits<std::int64_t>::min()
                                                              : -static_cast<std::int64_t>(v));
        }
      }
    }
    return kOk;
  }

  static bool finite_slow(const char* b, const char* e) {
    std::string s(b, e);
    const char dp = *std::localeconv()->decimal_point;
    for (char& c : s) {
      if (c == '.') c = dp;
    }
    errno = 0;
    return std::isfinite(std::strtod(s.c_str(), nullptr));
  }

  // -- generic values ---------------------------------------------------------------------------
  void set_kind(std::size_t depth, bool object) {
    const std::uint64_t bit = std::uint64_t{1} << (depth & 63);
    if (object) {
      kinds_[depth >> 6] |= bit;
    } else {
      kinds_[depth >> 6] &= ~bit;
    }
  }
  bool is_object_at(std::size_t depth) const { return (kinds_[depth >> 6] >> (depth & 63)) & 1; }

  St enter(bool object) {
    if (++depth_ > max_depth_) return fail(p_, kTooDeep);
    set_kind(depth_, object);
    ++p_;
    return kOk;
  }

  /// `"key"` `:` inside a generic object; leaves p_ at the value (non-whitespace, in bounds).
  St member_key() {
    ws();
    if (p_ >= end_ || *p_ != '"') return p_ >= end_ ? need_more() : fail(p_, "expected a string key");
    RawStr k;
    if (string(k) != kOk) return kHard;
    ws();
    if (p_ >= end_ || *p_ != ':') return p_ >= end_ ? need_more() : fail(p_, "expected ':'");
    ++p_;
    ws();
    return need_more();
  }

  /// Validates any JSON value at p_ (non-whitespace, in bounds), iteratively.
  St skip_value() {
    const std::size_t base = depth_;
    for (;;) {
      // a value starts here
      bool closed_empty = false;
      switch (*p_) {
        case '{':
          if (enter(true) != kOk) return kHard;
          ws();
          if (p_ < end_ && *p_ == '}') {
            ++p_;
            --depth_;
            closed_empty = true;
            break;
          }
          if (member_key() != kOk) return kHard;
          continue;
        case '[':
          if (enter(false) != kOk) return kHard;
          ws();
          if (need_more() != kOk) return kHard;
          if (*p_ == ']') {
            ++p_;
            --depth_;
            closed_empty = true;
            break;
          }
          continue;
        case '"': {
          RawStr s;
          if (string(s) != kOk) return kHard;
          break;
        }
        case 't':
          if (literal("true", 4) != kOk) return kHard;
          break;
        case 'f':
          if (literal("false", 5) != kOk) return kHard;
          break;
        case 'n':
          if (literal("null", 4) != kOk) return kHard;
          break;
        default:
          if (number(nullptr) != kOk) return kHard;
          break;
      }
      static_cast<void>(closed_empty);
      // a value ended here: close containers until one continues
      for (;;) {
        if (depth_ == base) return kOk;
        ws();
        if (need_more() != kOk) return kHard;
        const char c = *p_;
        if (is_object_at(depth_)) {
          if (c == ',') {
            ++p_;
            if (member_key() != kOk) return kHard;
            break;
          }
          if (c == '}') {
            ++p_;
            --depth_;
            continue;
          }
          return fail(p_, "expected ',' or '}'");
        }
        if (c == ',') {
          ++p_;
          ws();
          if (need_more() != kOk) return kHard;
          break;
        }
        if (c == ']') {
          ++p_;
          --depth_;
          continue;
        }
        return fail(p_, "expected ',' or ']'");
      }
    }
  }

  /// Skips the (wrong-typed) value at p_ and records `expected <what>, got <type>`.
  St wrong(Slot& s, std::string_view what) {
    const char* got = type_name(*p_);
    if (skip_value() != kOk) return kHard;
    soft(s, expected(what, got));
    return kOk;
  }

  // -- schema objects ---------------------------------------------------------------------------
  template <class F>
  St document(F&& f) {
    if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF &&
        static_cast<unsigned char>(p_[1]) == 0xBB && static_cast<unsigned char>(p_[2]) == 0xBF) {
      p_ += 3;
    }
    ws();
    if (need_more() != kOk) return kHard;
    const St st = f();
    if (st == kHard) return kHard;
    ws();
    if (p_ != end_) return fail(p_, "unexpected data after the JSON value");
    return st;
  }

  template <class F>
  St root_object(std::string& err, F&& parse) {
    if (*p_ == '{') return parse(err);
    Slot s;
    if (wrong(s, kObject) != kOk) return kHard;
    err = std::move(s.err);
    return kSoft;
  }

  /// Iterates the members of a schema object at p_ ('{'); known keys go to `on_field(index)`
  /// with the value at p_ and the key on the path; unknown keys are skipped.
  template <std::size_t N, class F>
  St object(const FieldSpec (&spec)[N], F&& on_field) {
    if (enter(true) != kOk) return kHard;
    ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      --depth_;
      return kOk;
    }
    std::size_t next = 0;
    for (;;) {
      ws();
      if (p_ >= end_ || *p_ != '"') return p_ >= end_ ? need_more() : fail(p_, "expected a string key");
      RawStr k;
      if (string(k) != kOk) return kHard;
      ws();
      if (p_ >= end_ || *p_ != ':') return p_ >= end_ ? need_more() : fail(p_, "expected ':'");
      ++p_;
      ws();
      if (need_more() != kOk) return kHard;
      char buf[24];
      const auto key = unescape_small(k, buf, sizeof buf);
      std::size_t idx = N;
      if (key) {
        // The server writes the keys in the order of `spec`, so the field after the last one
        // found is tried first: one comparison per key instead of N/2 on real responses.
        for (std::size_t n = 0, i = next; n < N; ++n, i = i + 1 == N ? 0 : i + 1) {
          if (spec[i].name.size() == key->size() && same_bytes(spec[i].name.data(), key->data(), key->size())) {
            idx = i;
            next = i + 1 == N ? 0 : i + 1;
            break;
          }
        }
      }
      if (idx < N) {
        push_name(spec[idx].name);
        const St st = on_field(idx);
        pop();
        if (st != kOk) return kHard;
      } else if (skip_value() != kOk) {
        return kHard;
      }
      ws();
      if (need_more() != kOk) return kHard;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        --depth_;
        return kOk;
      }
      return fail(p_, "expected ',' or '}'");
    }
  }

  /// After an object closed: the first field (in declared order) that is missing-but-required
  /// or bad decides the object's outcome.
  template <std::size_t N>
  St resolve(const FieldSpec (&spec)[N], Slot (&slots)[N], std::string& err) {
    for (std::size_t i = 0; i < N; ++i) {
      if (slots[i].state == Slot::missing && spec[i].required) {
        push_name(spec[i].name);
        err = here(kMissing);
        pop();
        return kSoft;
      }
      if (slots[i].state == Slot::bad) {
        err = std::move(slots[i].err);
        return kSoft;
      }
    }
    return kOk;
  }

  // -- typed fields: the value is at p_; the outcome goes to the slot ---------------------------
  St f_string(Slot& s, bool nullable) {
    if (*p_ == '"') {
      RawStr v;
      if (string(v) != kOk) return kHard;
      good(s);
      return kOk;
    }
    if (nullable && *p_ == 'n') {
      if (literal("null", 4) != kOk) return kHard;
      good(s);
      return kOk;
    }
    return wrong(s, nullable ? kStringOrNull : kString);
  }

  St f_uuid(Slot& s, bool nullable) {
    if (*p_ == '"') {
      RawStr v;
      if (string(v) != kOk) return kHard;
      char buf[40];
      const auto text = unescape_small(v, buf, sizeof buf);
      if (text && is_uuid(*text)) {
        good(s);
      } else {
        soft(s, bad_uuid(unescape(v)));
      }
      return kOk;
    }
    if (nullable && *p_ == 'n') {
      if (literal("null", 4) != kOk) return kHard;
      good(s);
      return kOk;
    }
    return wrong(s, nullable ? kUuidOrNull : kUuid);
  }

  St f_timestamp(Slot& s) {
    if (*p_ != '"') return wrong(s, kTimestamp);
    RawStr v;
    if (string(v) != kOk) return kHard;
    char buf[40];
    const auto text = unescape_small(v, buf, sizeof buf);
    if (text && parse_timestamp_ms(*text)) {
      good(s);
    } else {
      soft(s, bad_timestamp(unescape(v)));
    }
    return kOk;
  }

  St f_bool(Slot& s) {
    if (*p_ == 't' || *p_ == 'f') {
      if ((*p_ == 't' ? literal("true", 4) : literal("false", 5)) != kOk) return kHard;
      good(s);
      return kOk;
    }
    return wrong(s, kBoolean);
  }

  St f_int(Slot& s, std::int64_t& out) {
    if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) {
      Num n;
      if (number(&n) != kOk) return kHard;
      if (n.fits) {
        out = n.value;
        good(s);
      } else {
        soft(s, expected(kInteger, "number"));
      }
      return kOk;
    }
    return wrong(s, kInteger);
  }

  /// Any JSON object (its content is free-form), or null when `nullable`.
  St f_any_object(Slot& s, bool nullable) {
    if (*p_ == '{' || (nullable && *p_ == 'n')) {
      if (skip_value() != kOk) return kHard;
      good(s);
      return kOk;
    }
    return wrong(s, nullable ? kObjectOrNull : kObject);
  }

  /// A nested schema object parsed by `parse(err)`, or null when `nullable`.
  template <class F>
  St f_sub(Slot& s, bool nullable, F&& parse) {
    if (*p_ == '{') {
      std::string e;
      const St st = parse(e);
      if (st == kHard) return kHard;
      if (st == kSoft) {
        s.state = Slot::bad;
        s.err = std::move(e);
      } else {
        good(s);
      }
      return kOk;
    }
    if (nullable && *p_ == 'n') {
      if (literal("null", 4) != kOk) return kHard;
      good(s);
      return kOk;
    }
    return wrong(s, nullable ? kObjectOrNull : kObject);
  }

  /// `labels`: null or an object whose values are all strings. A bad value can be replaced by a
  /// later duplicate key, so bad keys stay pending; the smallest bad key (byte order, as in a
  /// std::map) is reported, which is the one a DOM walk meets first.
  St f_labels(Slot& s) {
    if (*p_ == 'n') {
      if (literal("null", 4) != kOk) return kHard;
      good(s);
      return kOk;
    }
    if (*p_ != '{') return wrong(s, kObjectOrNull);
    if (enter(true) != kOk) return kHard;
    ws();
    std::vector<std::pair<std::string, std::string>> bad;  // allocates only when a label is bad
    if (p_ < end_ && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        ws();
        if (p_ >= end_ || *p_ != '"') return p_ >= end_ ? need_more() : fail(p_, "expected a string key");
        RawStr k;
        if (string(k) != kOk) return kHard;
        ws();
        if (p_ >= end_ || *p_ != ':') return p_ >= end_ ? need_more() : fail(p_, "expected ':'");
        ++p_;
        ws();
        if (need_more() != kOk) return kHard;
        push_raw(k);
        if (*p_ == '"') {
          RawStr v;
          if (string(v) != kOk) return kHard;
          if (!bad.empty()) {
            const std::string key = unescape(k);
            for (std::size_t i = 0; i < bad.size(); ++i) {
              if (bad[i].first == key) {
                bad.erase(bad.begin() + static_cast<std::ptrdiff_t>(i));
                break;
              }
            }
          }
        } else {
          const char* got = type_name(*p_);
          if (skip_value() != kOk) return kHard;
          std::string key = unescape(k);
          std::string msg = here(expected(kString, got));
          bool replaced = false;
          for (auto& b : bad) {
            if (b.first == key) {
              b.second = std::move(msg);
              replaced = true;
              break;
            }
          }
          if (!replaced) bad.emplace_back(std::move(key), std::move(msg));
        }
        pop();
        ws();
        if (need_more() != kOk) return kHard;
        if (*p_ == ',') {
          ++p_;
          continue;
        }
        if (*p_ == '}') {
          ++p_;
          break;
        }
        return fail(p_, "expected ',' or '}'");
      }
    }
    --depth_;
    if (bad.empty()) {
      good(s);
    } else {
      std::size_t min = 0;
      for (std::size_t i = 1; i < bad.size(); ++i) {
        if (bad[i].first < bad[min].first) min = i;
      }
      s.state = Slot::bad;
      s.err = std::move(bad[min].second);
    }
    return kOk;
  }

  // -- the schema -------------------------------------------------------------------------------
  St page(PageInfo& info, std::string& err) {
    static constexpr FieldSpec spec[] = {
        {"index", true}, {"max_size", true}, {"total_pages", true}, {"total", true}, {"items", true}};
    Slot s[5];
    std::int64_t v[4] = {0, 0, 0, 0};
    std::size_t count = 0;
    const St st = object(spec, [&](std::size_t i) -> St {
      if (i < 4) return f_int(s[i], v[i]);
      return items(s[4], count);
    });
    if (st != kOk) return st;
    info = PageInfo{v[0], v[1], v[2], v[3], count};
    return resolve(spec, s, err);
  }

  St items(Slot& s, std::size_t& count) {
    if (*p_ != '[') return wrong(s, kArray);
    if (enter(false) != kOk) return kHard;
    ws();
    if (need_more() != kOk) return kHard;
    std::size_t n = 0;
    std::string first;
    if (*p_ == ']') {
      ++p_;
    } else {
      for (;;) {
        ws();
        if (need_more() != kOk) return kHard;
        push_index(n);
        if (*p_ == '{') {
          std::string e;
          const St st = service(e);
          if (st == kHard) return kHard;
          if (st == kSoft && first.empty()) first = std::move(e);
        } else {
          Slot bad;
          if (wrong(bad, kObject) != kOk) return kHard;
          if (first.empty()) first = std::move(bad.err);
        }
        pop();
        ++n;
        ws();
        if (need_more() != kOk) return kHard;
        if (*p_ == ',') {
          ++p_;
          continue;
        }
        if (*p_ == ']') {
          ++p_;
          break;
        }
        return fail(p_, "expected ',' or ']'");
      }
    }
    --depth_;
    count = n;
    if (first.empty()) {
      good(s);
    } else {
      s.state = Slot::bad;
      s.err = std::move(first);
    }
    return kOk;
  }

  St service(std::string& err) {
    static constexpr FieldSpec spec[] = {{"id", true},    {"name", true},     {"permission_denied", false},
                                         {"body", false}, {"metadata", false}, {"resources", false}};
    Slot s[6];
    const St st = object(spec, [&](std::size_t i) -> St {
      switch (i) {
        case 0: return f_uuid(s[0], false);
        case 1: return f_string(s[1], false);
        case 2: return f_bool(s[2]);
        case 3: return f_sub(s[3], true, [&](std::string& e) { return body(e); });
        case 4: return f_sub(s[4], true, [&](std::string& e) { return metadata(e); });
        default: return f_sub(s[5], true, [&](std::string& e) { return resources(e); });
      }
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St body(std::string& err) {
    static constexpr FieldSpec spec[] = {{"created", true},    {"updated", true},     {"user_id", false},
                                         {"project_id", true}, {"service_type", true}, {"labels", false},
                                         {"state", false}};
    Slot s[7];
    const St st = object(spec, [&](std::size_t i) -> St {
      switch (i) {
        case 0: return f_timestamp(s[0]);
        case 1: return f_timestamp(s[1]);
        case 2: return f_uuid(s[2], true);
        case 3: return f_uuid(s[3], false);
        case 4: return f_sub(s[4], false, [&](std::string& e) { return service_type(e); });
        case 5: return f_labels(s[5]);
        default: return f_string(s[6], true);
      }
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St service_type(std::string& err) {
    static constexpr FieldSpec spec[] = {
        {"type", true}, {"flavor", true}, {"name", false}, {"description", false}, {"logo_url", false}};
    Slot s[5];
    const St st = object(spec, [&](std::size_t i) -> St { return f_string(s[i], false); });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St metadata(std::string& err) {
    static constexpr FieldSpec spec[] = {{"service_source", false}, {"admin_state", false},
                                         {"config", true},          {"status", false},
                                         {"endpoint", false},       {"prediction_url", false},
                                         {"health_check_url", false}};
    Slot s[7];
    const St st = object(spec, [&](std::size_t i) -> St {
      switch (i) {
        case 2: return f_any_object(s[2], false);
        case 3:
        case 4: return f_any_object(s[i], true);
        default: return f_string(s[i], true);
      }
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St resources(std::string& err) {
    static constexpr FieldSpec spec[] = {{"user", false}, {"pipeline_run", false}, {"model_version", false}};
    Slot s[3];
    const St st = object(spec, [&](std::size_t i) -> St {
      return f_sub(s[i], true, [&](std::string& e) { return resource_ref(e); });
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St resource_ref(std::string& err) {
    static constexpr FieldSpec spec[] = {{"id", true}, {"name", false}};
    Slot s[2];
    const St st = object(spec, [&](std::size_t i) -> St {
      return i == 0 ? f_uuid(s[0], false) : f_string(s[1], true);
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  const char* beg_;
  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  std::uint64_t kinds_inline_[kInlineKinds] = {};
  std::vector<std::uint64_t> kinds_heap_;
  std::uint64_t* kinds_ = nullptr;
  const char* hard_at_ = nullptr;
  const char* hard_msg_ = "";
  int hard_path_n_ = 0;
  Seg path_[kMaxPath];
  int np_ = 0;
};

inline Error too_large(std::size_t size, const DecodeLimits& limits) {
  return Error::bad_response("response of " + std::to_string(size) + " bytes exceeds max_bytes (" +
                             std::to_string(limits.max_bytes) + ")");
}

// ---------------------------------------------------------------------------------------------
// Bounded DOM parse (nlohmann), used by the decoders and the error mapping
// ---------------------------------------------------------------------------------------------

/// @brief Parses with `limits`; never throws, never recurses with the input's depth.
/// A NUL byte anywhere is rejected up front (nlohmann would take it for the end of the input).
template <class J = Json>
Result<J> parse_json(std::string_view text, const DecodeLimits& limits) {
  if (text.size() > limits.max_bytes) return too_large(text.size(), limits);
  return parse_json_text<J>(text, limits.max_depth);
}

// ---------------------------------------------------------------------------------------------
// DOM walk: the same rules as the scanner, building models
// ---------------------------------------------------------------------------------------------

class Decoder {
 public:
  std::string err;

  bool page(Json& j, Page<Service>& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    if (!integer(j, "index", out.index) || !integer(j, "max_size", out.max_size) ||
        !integer(j, "total_pages", out.total_pages) || !integer(j, "total", out.total)) {
      return false;
    }
    Scope sc(path_, "items");
    Json* items = find(j, "items");
    if (items == nullptr) return fail_here(kMissing);
    return service_list(*items, out.items);
  }

  bool service_list(Json& items, std::vector<Service>& out) {
    if (!items.is_array()) return fail_here(expected(kArray, type_name(items)));
    out.clear();
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::size_t mark = path_.size();
      append_index(path_, i);
      Json& item = items[i];
      if (!item.is_object()) return fail_here(expected(kObject, type_name(item)));
      Service svc;
      if (!service(item, svc)) return false;
      out.push_back(std::move(svc));
      path_.resize(mark);
    }
    return true;
  }

  bool service_root(Json& j, Service& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    return service(j, out);
  }

  bool server_info(Json& j, ServerInfo& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    std::optional<std::string> id, name, deployment, database;
    if (!opt_string(j, "id", id) || !opt_string(j, "name", name) ||
        !req_string(j, "version", out.version) || !req_string(j, "auth_scheme", out.auth_scheme) ||
        !opt_string(j, "deployment_type", deployment) || !opt_string(j, "database_type", database) ||
        !opt_string(j, "server_url", out.server_url) ||
        !opt_string(j, "dashboard_url", out.dashboard_url)) {
      return false;
    }
    out.id = id.value_or("");
    out.name = name.value_or("");
    out.deployment_type = deployment.value_or("");
    out.database_type = database.value_or("");
    {
      Scope sc(path_, "active");
      Json* a = find(j, "active");
      if (a != nullptr && !a->is_null()) {
        if (!a->is_boolean()) return fail_here(expected("a boolean or null", type_name(*a)));
        out.active = a->get<bool>();
      }
    }
    out.raw = std::move(j);
    return true;
  }

  bool token(Json& j, TokenResponse& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    if (!req_string(j, "access_token", out.access_token) ||
        !req_string(j, "token_type", out.token_type)) {
      return false;
    }
    {
      Scope sc(path_, "expires_in");
      Json* e = find(j, "expires_in");
      if (e != nullptr && !e->is_null()) {
        if (!e->is_number()) return fail_here(expected(kNumberOrNull, type_name(*e)));
        out.expires_in = e->get<double>();
      }
    }
    return opt_string(j, "csrf_token", out.csrf_token) && opt_string(j, "device_id", out.device_id) &&
           opt_string(j, "scope", out.scope);
  }

 private:
  struct Scope {
    Scope(std::string& p, std::string_view key) : path(p), mark(p.size()) { append_key(p, key); }
    ~Scope() { path.resize(mark); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    std::string& path;
    std::size_t mark;
  };

  bool fail_here(std::string_view what) {
    err = at_path(path_, what);
    return false;
  }
  static Json* find(Json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }
  static const std::string& str(const Json& j) { return j.get_ref<const std::string&>(); }

  bool integer(Json& obj, std::string_view key, std::int64_t& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return fail_here(kMissing);
    if (v->is_number_unsigned()) {
      const auto u = v->get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fail_here(expected(kInteger, "number"));
      }
      out = static_cast<std::int64_t>(u);
      return true;
    }
    if (!v->is_number_integer()) return fail_here(expected(kInteger, type_name(*v)));
    out = v->get<std::int64_t>();
    return true;
  }

  bool req_string(Json& obj, std::string_view key, std::string& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return fail_here(kMissing);
    if (!v->is_string()) return fail_here(expected(kString, type_name(*v)));
    out = str(*v);
    return true;
  }

  /// Optional, non-nullable string with a default (ServiceType's name/description/logo_url).
  bool def_string(Json& obj, std::string_view key, std::string& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return true;
    if (!v->is_string()) return fail_here(expected(kString, type_name(*v)));
    out = str(*v);
    return true;
  }

  bool opt_string(Json& obj, std::string_view key, std::optional<std::string>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr || v->is_null()) return true;
    if (!v->is_string()) return fail_here(expected(kStringOrNull, type_name(*v)));
    out = str(*v);
    return true;
  }

  bool uuid(Json& obj, std::string_view key, bool required, std::optional<std::string>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr) return required ? fail_here(kMissing) : true;
    if (!required && v->is_null()) return true;
    if (!v->is_string()) return fail_here(expected(required ? kUuid : kUuidOrNull, type_name(*v)));
    if (!is_uuid(str(*v))) return fail_here(bad_uuid(str(*v)));
    out = str(*v);
    return true;
  }

  bool timestamp(Json& obj, std::string_view key, Timestamp& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return fail_here(kMissing);
    if (!v->is_string()) return fail_here(expected(kTimestamp, type_name(*v)));
    const auto ms = parse_timestamp_ms(str(*v));
    if (!ms) return fail_here(bad_timestamp(str(*v)));
    out.text = str(*v);
    out.epoch_ms = *ms;
    return true;
  }

  /// A free-form object (nullable: null or missing → nullopt).
  bool any_object(Json& obj, std::string_view key, bool required, std::optional<Json>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr) return required ? fail_here(kMissing) : true;
    if (!required && v->is_null()) return true;
    if (!v->is_object()) return fail_here(expected(required ? kObject : kObjectOrNull, type_name(*v)));
    out = std::move(*v);
    return true;
  }

  /// A nested schema object: returns the object to descend into, or nullptr for null/missing
  /// (nullable) and on error (`ok` false).
  Json* sub(Json& obj, std::string_view key, bool nullable, bool& ok) {
    Json* v = find(obj, key);
    ok = true;
    if (v == nullptr) {
      if (!nullable) ok = fail_here(kMissing);
      return nullptr;
    }
    if (nullable && v->is_null()) return nullptr;
    if (!v->is_object()) {
      ok = fail_here(expected(nullable ? kObjectOrNull : kObject, type_name(*v)));
      return nullptr;
    }
    return v;
  }

  bool service(Json& j, Service& out) {
    std::optional<std::string> id;
    if (!uuid(j, "id", true, id)) return false;
    out.id = std::move(*id);
    if (!req_string(j, "name", out.name)) return false;
    {
      Scope sc(path_, "permission_denied");
      Json* v = find(j, "permission_denied");
      if (v != nullptr) {
        if (!v->is_boolean()) return fail_here(expected(kBoolean, type_name(*v)));
        out.permission_denied = v->get<bool>();
      }
    }
    bool ok = true;
    {
      Scope sc(path_, "body");
      if (Json* b = sub(j, "body", true, ok)) {
        out.body.emplace();
        if (!body(*b, *out.body)) return false;
      }
      if (!ok) return false;
    }
    {
      Scope sc(path_, "metadata");
      if (Json* m = sub(j, "metadata", true, ok)) {
        out.metadata.emplace();
        if (!metadata(*m, *out.metadata)) return false;
      }
      if (!ok) return false;
    }
    {
      Scope sc(path_, "resources");
      if (Json* r = sub(j, "resources", true, ok)) {
        out.resources.emplace();
        if (!resources(*r, *out.resources)) return false;
      }
      if (!ok) return false;
    }
    return true;
  }

  bool body(Json& j, ServiceBody& out) {
    std::optional<std::string> project;
    if (!timestamp(j, "created", out.created) || !timestamp(j, "updated", out.updated) ||
        !uuid(j, "user_id", false, out.user_id) || !uuid(j, "project_id", true, project)) {
      return false;
    }
    out.project_id = std::move(*project);
    bool ok = true;
    {
      Scope sc(path_, "service_type");
      Json* t = sub(j, "service_type", false, ok);
      if (!ok) return false;
      if (!req_string(*t, "type", out.service_type.type) ||
          !req_string(*t, "flavor", out.service_type.flavor) ||
          !def_string(*t, "name", out.service_type.name) ||
          !def_string(*t, "description", out.service_type.description) ||
          !def_string(*t, "logo_url", out.service_type.logo_url)) {
        return false;
      }
    }
    {
      Scope sc(path_, "labels");
      Json* l = find(j, "labels");
      if (l != nullptr && !l->is_null()) {
        if (!l->is_object()) return fail_here(expected(kObjectOrNull, type_name(*l)));
        Labels labels;
        const std::string* bad = nullptr;  // the scanner's rule: the byte-wise smallest bad key
        const Json* bad_value = nullptr;
        for (auto it = l->begin(); it != l->end(); ++it) {
          if (!it.value().is_string()) {
            if (bad == nullptr || it.key() < *bad) {
              bad = &it.key();
              bad_value = &it.value();
            }
          } else if (bad == nullptr) {
            labels.emplace(it.key(), str(it.value()));
          }
        }
        if (bad != nullptr) {
          Scope k(path_, *bad);
          return fail_here(expected(kString, type_name(*bad_value)));
        }
        out.labels = std::move(labels);
      }
    }
    std::optional<std::string> state;
    if (!opt_string(j, "state", state)) return false;
    if (state) out.state = ServiceState{std::move(*state)};
    return true;
  }

  bool metadata(Json& j, ServiceMetadata& out) {
    std::optional<std::string> admin;
    std::optional<Json> config;
    if (!opt_string(j, "service_source", out.service_source) || !opt_string(j, "admin_state", admin) ||
        !any_object(j, "config", true, config) || !any_object(j, "status", false, out.status) ||
        !any_object(j, "endpoint", false, out.endpoint) ||
        !opt_string(j, "prediction_url", out.prediction_url) ||
        !opt_string(j, "health_check_url", out.health_check_url)) {
      return false;
    }
    if (admin) out.admin_state = ServiceState{std::move(*admin)};
    out.config = std::move(*config);
    return true;
  }

  bool resources(Json& j, ServiceResources& out) {
    return ref(j, "user", out.user) && ref(j, "pipeline_run", out.pipeline_run) &&
           ref(j, "model_version", out.model_version);
  }

  bool ref(Json& j, std::string_view key, std::optional<ResourceRef>& out) {
    Scope sc(path_, key);
    bool ok = true;
    Json* r = sub(j, key, true, ok);
    if (!ok) return false;
    if (r == nullptr) return true;
    std::optional<std::string> id, name;
    if (!uuid(*r, "id", true, id) || !opt_string(*r, "name", name)) return false;
    out = ResourceRef{std::move(*id), name.value_or(""), std::move(*r)};
    return true;
  }

  std::string path_;
};

template <class T, class F>
Result<T> decode_with(std::string_view text, const DecodeLimits& limits, F&& f) {
  auto parsed = parse_json(text, limits);
  if (!parsed) return std::move(parsed).error();
  Decoder d;
  T out{};
  if (!f(d, *parsed, out)) return Error::bad_response(std::move(d.err));
  return out;
}

/// @brief Nesting depth of a DOM, computed without recursion.
template <class J>
std::size_t json_depth(const J& j) {
  std::size_t max = 0;
  std::vector<std::pair<const J*, std::size_t>> stack{{&j, 1}};
  while (!stack.empty()) {
    const auto [v, d] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    if (d > max) max = d;
    for (const auto& child : *v) stack.emplace_back(&child, d + 1);
  }
  return max;
}

}  // namespace detail

// =============================================================================================
// Public API
// =============================================================================================

/// @brief Checks that `json` is a valid `Page[ServiceResponse]` (syntax and schema) without
/// building anything, and returns the page header. Allocation-free unless it fails.
inline Result<PageInfo> validate_page(std::string_view json, const DecodeLimits& limits = {}) {
  if (json.size() > limits.max_bytes) return detail::too_large(json.size(), limits);
  detail::Scanner sc(json, limits);
  PageInfo info;
  std::string err;
  switch (sc.page_document(info, err)) {
    case detail::Scanner::kOk: return info;
    case detail::Scanner::kSoft: return Error::bad_response(std::move(err));
    default: return Error::bad_response(sc.hard_message());
  }
}

/// @brief Checks that `json` is a valid `ServiceResponse` (syntax and schema) without building
/// anything.
inline Result<Empty> validate_service(std::string_view json, const DecodeLimits& limits = {}) {
  if (json.size() > limits.max_bytes) return detail::too_large(json.size(), limits);
  detail::Scanner sc(json, limits);
  std::string err;
  switch (sc.service_document(err)) {
    case detail::Scanner::kOk: return Empty{};
    case detail::Scanner::kSoft: return Error::bad_response(std::move(err));
    default: return Error::bad_response(sc.hard_message());
  }
}

// The decoders take one argument so that `&decode_page` etc. can be passed around as plain
// function pointers; the `_with_limits` variants take explicit `DecodeLimits`.

/// @brief Decodes a `ServiceResponse` (GET/POST/PUT of one service).
inline Result<Service> decode_service_with_limits(std::string_view json, const DecodeLimits& limits) {
  return detail::decode_with<Service>(json, limits, [](detail::Decoder& d, Json& j, Service& s) {
    return d.service_root(j, s);
  });
}
inline Result<Service> decode_service(std::string_view json) { return decode_service_with_limits(json, {}); }

/// @brief Decodes a `Page[ServiceResponse]` (GET of the list).
inline Result<Page<Service>> decode_page_with_limits(std::string_view json, const DecodeLimits& limits) {
  return detail::decode_with<Page<Service>>(
      json, limits, [](detail::Decoder& d, Json& j, Page<Service>& p) { return d.page(j, p); });
}
inline Result<Page<Service>> decode_page(std::string_view json) { return decode_page_with_limits(json, {}); }

/// @brief Decodes a JSON array of `ServiceResponse` objects (a page's `items`, e.g. services a
/// caller kept in memory); error paths start at `[i]`.
inline Result<std::vector<Service>> decode_service_list(std::string_view json, const DecodeLimits& limits = {}) {
  return detail::decode_with<std::vector<Service>>(
      json, limits, [](detail::Decoder& d, Json& j, std::vector<Service>& v) { return d.service_list(j, v); });
}

/// @brief Decodes `GET /api/v1/info`. `version` and `auth_scheme` are required; everything else
/// is optional and the whole object is kept in `raw`.
inline Result<ServerInfo> decode_server_info_with_limits(std::string_view json, const DecodeLimits& limits) {
  return detail::decode_with<ServerInfo>(
      json, limits, [](detail::Decoder& d, Json& j, ServerInfo& s) { return d.server_info(j, s); });
}
inline Result<ServerInfo> decode_server_info(std::string_view json) {
  return decode_server_info_with_limits(json, {});
}

/// @brief Decodes the `OAuthTokenResponse` of `POST /api/v1/login`.
inline Result<TokenResponse> decode_token_with_limits(std::string_view json, const DecodeLimits& limits) {
  return detail::decode_with<TokenResponse>(
      json, limits, [](detail::Decoder& d, Json& j, TokenResponse& t) { return d.token(j, t); });
}
inline Result<TokenResponse> decode_token(std::string_view json) { return decode_token_with_limits(json, {}); }

/// @brief Checks the body of a successful DELETE: ZenML answers JSON `null`. An empty body is
/// refused too: a proxy or stub answering 200 with nothing must not pass for a deletion.
inline Result<Empty> decode_delete_with_limits(std::string_view json, const DecodeLimits& limits) {
  std::size_t i = 0;
  while (i < json.size() && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) ++i;
  if (i == json.size()) {
    return Error::bad_response("expected null (ZenML's answer to a DELETE), got an empty body");
  }
  auto parsed = detail::parse_json(json, limits);
  if (!parsed) return std::move(parsed).error();
  if (!parsed->is_null()) return Error::bad_response(detail::expected("null", detail::type_name(*parsed)));
  return Empty{};
}
inline Result<Empty> decode_delete(std::string_view json) { return decode_delete_with_limits(json, {}); }

/// @brief Checks a named entity (`UserResponse`, `ProjectResponse`): an object whose `id` is a
/// UUID and whose `name` is a string; everything else is passed through unchecked.
inline Result<Empty> validate_named_entity(std::string_view json, const DecodeLimits& limits = {}) {
  auto parsed = detail::parse_json(json, limits);
  if (!parsed) return std::move(parsed).error();
  const Json& j = *parsed;
  if (!j.is_object()) return Error::bad_response(detail::expected(detail::kObject, detail::type_name(j)));
  auto id = j.find("id");
  if (id == j.end()) return Error::bad_response(detail::at_path("id", detail::kMissing));
  if (!id->is_string() || !detail::is_uuid(id->get_ref<const std::string&>())) {
    return Error::bad_response(detail::at_path("id", "expected a UUID"));
  }
  auto name = j.find("name");
  if (name == j.end()) return Error::bad_response(detail::at_path("name", detail::kMissing));
  if (!name->is_string()) {
    return Error::bad_response(detail::at_path("name", detail::expected(detail::kString, detail::type_name(*name))));
  }
  return Empty{};
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

namespace detail {

/// STR_FIELD_MAX_LENGTH on the server, counted in code points like Python's len().
constexpr std::size_t kMaxNameLength = 255;

template <class J>
std::string dump(const J& j) { return j.dump(-1, ' ', false, J::error_handler_t::replace); }

inline OrderedJson service_type_json(const ServiceType& t) {
  OrderedJson j = OrderedJson::object();
  j["type"] = t.type;
  j["flavor"] = t.flavor;
  if (!t.name.empty()) j["name"] = t.name;
  if (!t.description.empty()) j["description"] = t.description;
  if (!t.logo_url.empty()) j["logo_url"] = t.logo_url;
  return j;
}

inline OrderedJson labels_json(const Labels& labels) {
  OrderedJson j = OrderedJson::object();
  for (const auto& [k, v] : labels) j[k] = v;
  return j;
}

/// The server's one rule on a name, on create and update alike: at most 255 characters as Python
/// counts them (code points: 255 x U+1F600 is accepted, which JS counts as 510), and "" is
/// accepted (tests/live: "service names ...").
inline std::optional<Error> check_name(const std::string& name) {
  if (utf8_length(name) > kMaxNameLength) {
    return Error::invalid_argument("name: " + std::to_string(utf8_length(name)) +
                                   " characters (Unicode code points); the server allows at most " +
                                   std::to_string(kMaxNameLength));
  }
  return std::nullopt;
}

inline std::optional<Error> check_state(std::string_view field, const ServiceState& s) {
  if (s.known()) return std::nullopt;
  return Error::invalid_argument(std::string(field) + ": " + quoted_excerpt(s.raw) +
                                 " is not a ServiceState the server accepts (inactive, active, "
                                 "pending_startup, pending_shutdown, error, scaled_to_zero)");
}

inline std::optional<Error> check_uuid(std::string_view field, const std::string& s) {
  if (is_uuid(s)) return std::nullopt;
  return Error::invalid_argument(std::string(field) + ": " + bad_uuid(s));
}

/// A free-form object field (status, endpoint, config): must be an object, not deeper than the
/// default decode depth (so dump() stays shallow); `status.state`, when present and not null,
/// must be a known state: the server stores it as `body.state` and a row with an unknown state
/// can no longer be read back.
template <class J>
std::optional<Error> check_object(std::string_view field, const J& j) {
  if (!j.is_object()) {
    return Error::invalid_argument(std::string(field) + ": " + expected(kObject, type_name(j)));
  }
  const std::size_t max = DecodeLimits{}.max_depth - 8;
  if (json_depth(j) > max) {
    return Error::invalid_argument(std::string(field) + ": nested deeper than " + std::to_string(max) + " levels");
  }
  if (field == "status") {
    auto it = j.find("state");
    if (it != j.end() && !it->is_null()) {
      if (!it->is_string()) {
        return Error::invalid_argument("status.state: " + expected(kStringOrNull, type_name(*it)));
      }
      if (auto e = check_state("status.state", ServiceState{it->template get<std::string>()})) return e;
    }
  }
  return std::nullopt;
}

}  // namespace detail

/// @brief The JSON body of `POST /api/v1/services`, as given (no checks; see
/// `encode_request_checked`). Optional fields are sent only when set. nlohmann's dump() recurses,
/// so a `config` nested thousands deep must go through `encode_request_checked`, which bounds it.
inline std::string encode_request(const ServiceRequest& r) {
  OrderedJson j = OrderedJson::object();
  j["project"] = r.project;
  j["name"] = r.name;
  j["service_type"] = detail::service_type_json(r.service_type);
  j["config"] = r.config;
  if (r.service_source) j["service_source"] = *r.service_source;
  if (r.admin_state) j["admin_state"] = r.admin_state->raw;
  if (r.labels) j["labels"] = detail::labels_json(*r.labels);
  if (r.status) j["status"] = *r.status;
  if (r.endpoint) j["endpoint"] = *r.endpoint;
  if (r.prediction_url) j["prediction_url"] = *r.prediction_url;
  if (r.health_check_url) j["health_check_url"] = *r.health_check_url;
  if (r.model_version_id) j["model_version_id"] = *r.model_version_id;
  if (r.pipeline_run_id) j["pipeline_run_id"] = *r.pipeline_run_id;
  return detail::dump(j);
}

/// @brief `encode_request` after checking the server's rules: `project` (and the optional ids)
/// UUIDs, `name` at most 255 characters, `service_type.type`/`flavor` non-empty, `config` (and
/// `status`/`endpoint`) objects, `admin_state`/`status.state` known states.
inline Result<std::string> encode_request_checked(const ServiceRequest& r) {
  if (auto e = detail::check_uuid("project", r.project)) return *e;
  if (auto e = detail::check_name(r.name)) return *e;
  if (r.service_type.type.empty()) return Error::invalid_argument("service_type.type: must not be empty");
  if (r.service_type.flavor.empty()) return Error::invalid_argument("service_type.flavor: must not be empty");
  if (auto e = detail::check_object("config", r.config)) return *e;
  if (r.admin_state) {
    if (auto e = detail::check_state("admin_state", *r.admin_state)) return *e;
  }
  if (r.status) {
    if (auto e = detail::check_object("status", *r.status)) return *e;
  }
  if (r.endpoint) {
    if (auto e = detail::check_object("endpoint", *r.endpoint)) return *e;
  }
  if (r.model_version_id) {
    if (auto e = detail::check_uuid("model_version_id", *r.model_version_id)) return *e;
  }
  if (r.pipeline_run_id) {
    if (auto e = detail::check_uuid("pipeline_run_id", *r.pipeline_run_id)) return *e;
  }
  return encode_request(r);
}

/// @brief The JSON body of `PUT /api/v1/services/{id}`: only the fields that were set, `{}` for
/// each explicit clear. `invalid_argument` for an empty update, a field both set and cleared,
/// `null` or non-object `status`/`endpoint` (the server would silently ignore `null`), a name
/// over 255 characters, an unknown `admin_state` / `status.state`, a non-UUID
/// `model_version_id`. Setting `labels` to an empty map clears them too, like `clear_labels()`.
inline Result<std::string> encode_update(const ServiceUpdate& u) {
  if (u.empty()) return Error::invalid_argument("nothing to update");
  if (u.labels && u.clear_labels_flag) return Error::invalid_argument("labels: both set and cleared");
  if (u.status && u.clear_status_flag) return Error::invalid_argument("status: both set and cleared");
  if (u.endpoint && u.clear_endpoint_flag) return Error::invalid_argument("endpoint: both set and cleared");
  OrderedJson j = OrderedJson::object();
  if (u.name) {
    if (auto e = detail::check_name(*u.name)) return *e;
    j["name"] = *u.name;
  }
  if (u.admin_state) {
    if (auto e = detail::check_state("admin_state", *u.admin_state)) return *e;
    j["admin_state"] = u.admin_state->raw;
  }
  if (u.service_source) j["service_source"] = *u.service_source;
  if (u.status) {
    if (auto e = detail::check_object("status", *u.status)) return *e;
    j["status"] = *u.status;
  }
  if (u.endpoint) {
    if (auto e = detail::check_object("endpoint", *u.endpoint)) return *e;
    j["endpoint"] = *u.endpoint;
  }
  if (u.prediction_url) j["prediction_url"] = *u.prediction_url;
  if (u.health_check_url) j["health_check_url"] = *u.health_check_url;
  if (u.labels) j["labels"] = detail::labels_json(*u.labels);
  if (u.model_version_id) {
    if (auto e = detail::check_uuid("model_version_id", *u.model_version_id)) return *e;
    j["model_version_id"] = *u.model_version_id;
  }
  if (u.clear_labels_flag) j["labels"] = OrderedJson::object();
  if (u.clear_status_flag) j["status"] = OrderedJson::object();
  if (u.clear_endpoint_flag) j["endpoint"] = OrderedJson::object();
  return detail::dump(j);
}

/// @brief `application/x-www-form-urlencoded` body (login): the same strict percent-encoding as
/// query strings (a space is `%20`, which every form decoder reads as a space).
inline std::string encode_form(const QueryParams& fields) { return encode_query(fields); }

}  // namespace zenml

// The codec's other half: a non-2xx HttpResponse -> Error (`error_from_response`). It is a
// separate header because it builds on the bounded parser above; included here so that the
// codec header alone turns any HttpResponse into a Result.
#include "zenml/error_mapping.hpp"
