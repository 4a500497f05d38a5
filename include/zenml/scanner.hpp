// zenml-services-wasm — the DOM-free response validator: JSON bytes in, a verdict out.
//
// `validate_page` / `validate_service` make a single pass over the raw bytes, allocating nothing
// unless they fail. They check full JSON syntax and the `Page[ServiceResponse]` /
// `ServiceResponse` schema, so the JS facade can hand already-validated text to `JSON.parse`.
// decode.hpp reads the same contract into models through a DOM; both apply the same rules and
// give the same messages (detail/messages.hpp; tests and the fuzzer hold them to it):
//   * JSON as `JSON.parse` reads it (duplicate keys: the last one wins), plus: strings must be
//     valid UTF-8 and `\u` escapes must not leave a surrogate unpaired; a number that overflows a
//     double is rejected; a leading UTF-8 BOM is skipped.
//   * unknown fields are ignored at every level; unknown `ServiceState` strings are kept;
//     a missing nullable key reads as `null`.
//   * tolerant of every release's shape (0.80.0 on): the only field whose absence fails is an
//     `id` (of a service, and of an embedded user, project, pipeline run or model version), plus
//     the page header; a field that is present must have the type the server's model gives it.
//   * the shapes of 0.80.0-0.82.x (`body.user`, `metadata.project`, a top-level `project_id`)
//     are valid, and the scanner says how to bring them to the current shape: `Insertion`s that
//     add `body.user_id`, `body.project_id` and `resources.user` (see `normalize_page`). The
//     current shape needs none, so its text is handed on untouched.
//   * a failure is `bad_response` naming the JSON path (`items[3].body.created: expected a
//     timestamp string, got number`); syntax errors give the byte offset instead.
//
// The scanner is a class template over `Copy`, a tag naming whose copy of its code an
// instantiation is; the library's own is `void`. The wasm module is built for size, which makes
// this code ~2.7x slower, so wasm/hot_path.cpp, compiled at -O2, instantiates it with a tag of its
// own: inline functions of the same name are merged at link time (one copy wins), and a distinct
// template argument gives the fast copy names that no other file defines. The value rules it
// checks on every field (`is_uuid`, `parse_timestamp_ms`) take the same tag, so the fast copy has
// its own instances of them too (sharing the size-optimised ones cost ~8% of its speed).
#pragma once

#include <algorithm>
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

#include "zenml/detail/calendar.hpp"
#include "zenml/detail/messages.hpp"
#include "zenml/detail/uuid.hpp"
#include "zenml/error.hpp"
#include "zenml/json.hpp"
#include "zenml/result.hpp"

namespace zenml {

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

/// @brief One edit of a response text: `text` inserted before byte `at` of the original.
struct Insertion {
  std::size_t at = 0;
  std::string text;
};

/// @brief The edits that bring a response of an older release to the normalised shape; empty
/// for the current shape.
using Insertions = std::vector<Insertion>;

/// @brief `text` with `edits` applied (each at its offset in the original; edits at one offset
/// keep their order).
inline std::string apply_insertions(std::string_view text, const Insertions& edits) {
  // The edits in offset order, those at one offset in the order given: a heap sort of their
  // indices by (offset, index), a total order, so the result is the stable one. (std::stable_sort
  // brought ~3.8 kB of merge code into the module for this one call.)
  std::vector<std::size_t> order(edits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto before = [&edits](std::size_t a, std::size_t b) {
    return edits[a].at != edits[b].at ? edits[a].at < edits[b].at : a < b;
  };
  std::make_heap(order.begin(), order.end(), before);
  std::sort_heap(order.begin(), order.end(), before);
  std::size_t extra = 0;
  for (const auto& e : edits) extra += e.text.size();
  std::string out;
  out.reserve(text.size() + extra);
  std::size_t from = 0;
  for (const std::size_t i : order) {
    const Insertion& e = edits[i];
    out.append(text.substr(from, e.at - from));
    out += e.text;
    from = e.at;
  }
  out.append(text.substr(from));
  return out;
}

namespace detail {

/// @brief A validated JSON string: the bytes between the quotes, and whether it holds escapes.
struct RawStr {
  const char* b = nullptr;
  const char* e = nullptr;
  bool esc = false;
  std::string_view raw() const { return {b, static_cast<std::size_t>(e - b)}; }
};

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

/// @brief Single-pass validating scanner over raw JSON bytes; `Copy` names whose copy of the code
/// an instantiation is (see the top of this file).
///
/// Syntax errors ("hard") stop the scan at once. Schema errors ("soft") are recorded and the
/// scan continues, because (1) a later duplicate key may replace the offending value and (2) a
/// syntax error later in the text must still win: it is what `JSON.parse` would report.
/// Generic values (config, status, …) are skipped iteratively, so nesting costs no stack; the
/// schema levels recurse at most a fixed 6 deep.
template <class Copy = void>
class BasicScanner {
 public:
  enum St : std::uint8_t { kOk, kSoft, kHard };

  /// `edits`, when given, receives the insertions that normalise an older release's shape
  /// (only meaningful when the scan succeeds).
  BasicScanner(std::string_view text, const DecodeLimits& limits, Insertions* edits = nullptr)
      : beg_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        max_depth_(limits.max_depth),
        edits_(edits) {
    kinds_ = kinds_inline_;
    if (max_depth_ / 64 + 1 > kInlineKinds) {
      kinds_heap_.resize(max_depth_ / 64 + 1);
      kinds_ = kinds_heap_.data();
    }
  }
  BasicScanner(const BasicScanner&) = delete;
  BasicScanner& operator=(const BasicScanner&) = delete;

  /// @brief The message of a hard (syntax / limit) error.
  std::string hard_message() const {
    std::string m = "invalid JSON at byte " + std::to_string(hard_at_ - beg_) + ": " + hard_msg_;
    if (hard_msg_ == kTooDeep) m += " (max_depth " + std::to_string(max_depth_) + ")";
    if (hard_path_n_ > 0) m += " (in " + path_string(hard_path_n_) + ")";
    return m;
  }

  St page_document(PageInfo& info, std::string& err) {
    return document(
        [&] { return root_object(err, [&](std::string& e) { return page(info, e); }); });
  }
  St service_document(std::string& err) {
    return document([&] { return root_object(err, [&](std::string& e) { return service(e); }); });
  }

 private:
  static constexpr std::size_t kInlineKinds = 64;  // 4096 levels without allocating
  static constexpr int kMaxPath = 10;
  static constexpr const char* kTooDeep = "nesting too deep";

  /// Bytes of the text: a value, or a string token with its quotes. `b` null: none.
  struct Span {
    const char* b = nullptr;
    const char* e = nullptr;
  };

  /// What one service item says where, for bringing an older shape to the current one. Each
  /// field is reset when its key comes again, so a duplicate key's last value counts (as in
  /// JSON.parse).
  struct Shape {
    const char* body_open = nullptr;       ///< just after the `{` of `body` (null: body no object)
    const char* user_key = nullptr;        ///< the opening quote of the key `body.user`
    bool body_user_id = false;             ///< `body.user_id` present
    bool body_project_id = false;          ///< `body.project_id` present
    Span user;                             ///< the value of `body.user` (0.80.0-0.82.x)
    Span user_id;                          ///< the token of `body.user.id` (none when user is null)
    const char* resources_open = nullptr;  ///< just after the `{` of `resources`
    bool resources_user = false;           ///< `resources.user` present
    Span top_project_id;   ///< the item's top-level `project_id` token (0.82.1-0.82.x)
    Span meta_project_id;  ///< the token of `metadata.project.id` (0.80.0-0.82.x)
  };

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
    if (np_ < kMaxPath) {
      path_[np_] = Seg{Seg::raw_key, k.b, static_cast<std::size_t>(k.e - k.b), k.esc};
    }
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

  // -- string bodies (already validated) -------------------------------------------------------
  static unsigned hex4(const char* p) {
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
  static bool unescape_each(const char* p, const char* e, Sink&& sink) {
    while (p < e) {
      auto c = static_cast<unsigned char>(*p++);
      if (c != '\\') {
        if (!sink(c)) return false;
        continue;
      }
      const char x = *p++;
      switch (x) {
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case 'n':
          c = '\n';
          break;
        case 'r':
          c = '\r';
          break;
        case 't':
          c = '\t';
          break;
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
        default:
          c = static_cast<unsigned char>(x);
          break;  // '"', '\\', '/'
      }
      if (!sink(c)) return false;
    }
    return true;
  }

  static std::string unescape(const RawStr& s) {
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
  static std::optional<std::string_view> unescape_small(const RawStr& s, char* buf,
                                                        std::size_t cap) {
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
    if (static_cast<std::size_t>(end_ - p_) >= n && same_bytes(p_, word, n)) {
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
    if (n >= 8) {
      for (; n > 8; a += 8, b += 8, n -= 8) {
        if (!same_word<std::uint64_t>(a, b)) return false;
      }
      return same_word<std::uint64_t>(a + n - 8, b + n - 8);  // the last 8, overlapping
    }
    if (n >= 4)
      return same_word<std::uint32_t>(a, b) && same_word<std::uint32_t>(a + n - 4, b + n - 4);
    for (; n > 0; ++a, ++b, --n) {
      if (*a != *b) return false;
    }
    return true;
  }
  template <class W>
  static bool same_word(const char* a, const char* b) {
    W x, y;
    std::memcpy(&x, a, sizeof x);
    std::memcpy(&y, b, sizeof y);
    return x == y;
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
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        ++p;
        return kOk;
      case 'u':
        break;
      default:
        return fail(at, "invalid escape");
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
    return is_hex_digit(p[0]) && is_hex_digit(p[1]) && is_hex_digit(p[2]) && is_hex_digit(p[3]);
  }

  /// One UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
  St utf8(const char*& p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    const std::ptrdiff_t left = end_ - p;
    const unsigned c = u[0];
    auto cont = [u, left](int i) { return i < left && (u[i] & 0xC0) == 0x80; };
    auto in = [u, left](int i, unsigned lo, unsigned hi) {
      return i < left && u[i] >= lo && u[i] <= hi;
    };
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
          out->value =
              !neg ? static_cast<std::int64_t>(v)
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
  bool is_object_at(std::size_t depth) const {
    return (kinds_[depth >> 6] >> (depth & 63)) & 1;
  }

  St enter(bool object) {
    if (++depth_ > max_depth_) return fail(p_, kTooDeep);
    set_kind(depth_, object);
    ++p_;
    return kOk;
  }

  /// `"key"` `:` inside an object, the key into `k`; leaves p_ at the value (non-whitespace, in
  /// bounds).
  St member_key(RawStr& k) {
    // What servers write: `"key":value`, no whitespace around the colon.
    if (p_ < end_ && *p_ == '"') {
      if (string(k) != kOk) return kHard;
      if (end_ - p_ >= 2 && p_[0] == ':' && static_cast<unsigned char>(p_[1]) > ' ') {
        ++p_;
        return kOk;
      }
      return after_key();
    }
    ws();
    if (p_ >= end_ || *p_ != '"') {
      return p_ >= end_ ? need_more() : fail(p_, "expected a string key");
    }
    if (string(k) != kOk) return kHard;
    return after_key();
  }
  St after_key() {
    ws();
    if (p_ >= end_ || *p_ != ':') return p_ >= end_ ? need_more() : fail(p_, "expected ':'");
    ++p_;
    ws();
    return need_more();
  }

  /// After a member or an element: `,` (`more`) or the container's `close` (not `more`), and p_
  /// past it; anything else is a syntax error. The container stays open (depth_ unchanged).
  St comma_or_close(char close, bool& more) {
    if (p_ < end_ && (*p_ == ',' || *p_ == close)) {  // no whitespace: what servers write
      more = *p_++ == ',';
      return kOk;
    }
    ws();
    if (need_more() != kOk) return kHard;
    if (*p_ == ',' || *p_ == close) {
      more = *p_++ == ',';
      return kOk;
    }
    return fail(p_, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
  }

  /// Validates any JSON value at p_ (non-whitespace, in bounds), iteratively.
  St skip_value() {
    const std::size_t base = depth_;
    RawStr key;  // the keys of generic objects are checked, not kept
    for (;;) {
      // a value starts here
      switch (*p_) {
        case '{':
          if (enter(true) != kOk) return kHard;
          ws();
          if (p_ < end_ && *p_ == '}') {
            ++p_;
            --depth_;
            break;
          }
          if (member_key(key) != kOk) return kHard;
          continue;
        case '[':
          if (enter(false) != kOk) return kHard;
          ws();
          if (need_more() != kOk) return kHard;
          if (*p_ == ']') {
            ++p_;
            --depth_;
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
      // a value ended here: close containers until one continues
      for (;;) {
        if (depth_ == base) return kOk;
        const bool object = is_object_at(depth_);
        bool more = false;
        if (comma_or_close(object ? '}' : ']', more) != kOk) return kHard;
        if (!more) {
          --depth_;
          continue;
        }
        if (object) {
          if (member_key(key) != kOk) return kHard;
        } else {
          ws();
          if (need_more() != kOk) return kHard;
        }
        break;
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

  /// The order a server writes an object's fields in, when it is not the order of its `spec`
  /// (which also decides which of several bad fields is reported): `first` and, for each field,
  /// the one that follows it. Only a guess that saves comparisons; any order is read the same.
  template <std::size_t N>
  struct Order {
    std::uint8_t first;
    std::uint8_t after[N];
  };

  /// Iterates the members of a schema object at p_ ('{'); known keys go to `on_field(index)`
  /// with the value at p_ and the key on the path; unknown keys are skipped.
  template <std::size_t N, class F>
  St object(const FieldSpec (&spec)[N], F&& on_field) {
    return object(spec, static_cast<const Order<N>*>(nullptr), on_field);
  }
  template <std::size_t N, class F>
  St object(const FieldSpec (&spec)[N], const Order<N>* order, F&& on_field) {
    if (enter(true) != kOk) return kHard;
    ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      --depth_;
      return kOk;
    }
    auto after = [order](std::size_t i) -> std::size_t {
      return order != nullptr ? order->after[i] : i + 1 == N ? 0 : i + 1;
    };
    std::size_t next = order != nullptr ? order->first : 0;
    for (;;) {
      RawStr k;
      std::size_t idx = N;
      // The server writes the keys in a fixed order (that of `spec` or `order`): when the next
      // one is there as `"name":` followed by a value, one comparison checks the key and finds
      // its field (the schema's names hold no byte a string must escape).
      const std::string_view want = spec[next].name;
      if (static_cast<std::size_t>(end_ - p_) > want.size() + 3 && p_[0] == '"' &&
          same_bytes(p_ + 1, want.data(), want.size()) && p_[want.size() + 1] == '"' &&
          p_[want.size() + 2] == ':' && static_cast<unsigned char>(p_[want.size() + 3]) > ' ') {
        k.b = p_ + 1;
        k.e = p_ + 1 + want.size();
        k.esc = false;
        p_ += want.size() + 3;
        idx = next;
        next = after(idx);
      } else if (member_key(k) != kOk) {
        return kHard;
      }
      char buf[24];
      const auto key = idx < N ? std::nullopt : unescape_small(k, buf, sizeof buf);
      if (key) {
        for (std::size_t i = 0; i < N; ++i) {
          if (spec[i].name.size() == key->size() &&
              same_bytes(spec[i].name.data(), key->data(), key->size())) {
            idx = i;
            next = after(idx);
            break;
          }
        }
      }
      if (idx < N) {
        push_name(spec[idx].name);
        key_at_ = k.b - 1;
        const St st = on_field(idx);
        pop();
        if (st != kOk) return kHard;
      } else if (skip_value() != kOk) {
        return kHard;
      }
      bool more = false;
      if (comma_or_close('}', more) != kOk) return kHard;
      if (!more) break;
    }
    --depth_;
    return kOk;
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
  St null_value(Slot& s) {
    if (literal("null", 4) != kOk) return kHard;
    good(s);
    return kOk;
  }

  St f_string(Slot& s, bool nullable) {
    if (*p_ == '"') {
      RawStr v;
      if (string(v) != kOk) return kHard;
      good(s);
      return kOk;
    }
    if (nullable && *p_ == 'n') return null_value(s);
    return wrong(s, nullable ? kStringOrNull : kString);
  }

  St f_uuid(Slot& s, bool nullable) {
    if (*p_ == '"') {
      // What the server writes: 36 hex digits and hyphens, then the closing quote. Such bytes are
      // a valid string as they are (no escape, control or non-ASCII byte), so one look decides.
      if (end_ - p_ >= 38 && p_[37] == '"' && is_uuid36<Copy>(p_ + 1)) {
        p_ += 38;
        good(s);
        return kOk;
      }
      RawStr v;
      if (string(v) != kOk) return kHard;
      char buf[40];
      const auto text = unescape_small(v, buf, sizeof buf);
      if (text && is_uuid<Copy>(*text)) {
        good(s);
      } else {
        soft(s, bad_uuid(unescape(v)));
      }
      return kOk;
    }
    if (nullable && *p_ == 'n') return null_value(s);
    return wrong(s, nullable ? kUuidOrNull : kUuid);
  }

  St f_timestamp(Slot& s) {
    if (*p_ != '"') return wrong(s, kTimestamp);
    RawStr v;
    if (string(v) != kOk) return kHard;
    char buf[40];
    const auto text = unescape_small(v, buf, sizeof buf);
    if (text && parse_timestamp_ms<Copy>(*text)) {
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
    if (nullable && *p_ == 'n') return null_value(s);
    return wrong(s, nullable ? kObjectOrNull : kObject);
  }

  /// `labels`: null or an object whose values are all strings. A bad value can be replaced by a
  /// later duplicate key, so bad keys stay pending; the smallest bad key (byte order, as in a
  /// std::map) is reported, which is the one a DOM walk meets first.
  St f_labels(Slot& s) {
    if (*p_ == 'n') return null_value(s);
    if (*p_ != '{') return wrong(s, kObjectOrNull);
    if (enter(true) != kOk) return kHard;
    ws();
    std::vector<std::pair<std::string, std::string>> bad;  // allocates only when a label is bad
    if (p_ < end_ && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        RawStr k;
        if (member_key(k) != kOk) return kHard;
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
        bool more = false;
        if (comma_or_close('}', more) != kOk) return kHard;
        if (!more) break;
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
    static constexpr FieldSpec spec[] = {{"index", true},
                                         {"max_size", true},
                                         {"total_pages", true},
                                         {"total", true},
                                         {"items", true}};
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
        bool more = false;
        if (comma_or_close(']', more) != kOk) return kHard;
        if (!more) break;
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

  // Requiredness: only an `id` is required (and the page header); every other field may be
  // missing in some release, or in the next one. Types are the server's models'.
  St service(std::string& err) {
    static constexpr FieldSpec spec[] = {
        {"id", true},        {"name", false},      {"permission_denied", false}, {"body", false},
        {"metadata", false}, {"resources", false}, {"project_id", false}};
    // body, metadata, resources, id, permission_denied, name (, project_id before 0.83)
    static constexpr Order<7> order{3, {2, 6, 1, 4, 5, 0, 3}};
    Slot s[7];
    Shape sh;
    const St st = object(spec, &order, [&](std::size_t i) -> St {
      switch (i) {
        case 0:
          return f_uuid(s[0], false);
        case 1:
          return f_string(s[1], false);
        case 2:
          return f_bool(s[2]);
        case 3:
          sh.body_open = *p_ == '{' ? p_ + 1 : nullptr;
          sh.user_key = nullptr;
          sh.body_user_id = sh.body_project_id = false;
          sh.user = sh.user_id = Span{};
          return f_sub(s[3], true, [&](std::string& e) { return body(e, sh); });
        case 4:
          sh.meta_project_id = Span{};
          return f_sub(s[4], true, [&](std::string& e) { return metadata(e, sh); });
        case 5:
          sh.resources_open = *p_ == '{' ? p_ + 1 : nullptr;
          sh.resources_user = false;
          return f_sub(s[5], true, [&](std::string& e) { return resources(e, sh); });
        default: {
          const char* b = p_;
          const St r = f_uuid(s[6], false);
          sh.top_project_id = Span{b, p_};
          return r;
        }
      }
    });
    if (st != kOk) return st;
    const St r = resolve(spec, s, err);
    if (r == kOk && edits_ != nullptr) normalize(sh);
    return r;
  }

  /// The edits that give an item of 0.80.0-0.82.x the current shape (nothing for the current
  /// one): `body.user_id` <- `body.user.id` (null when the user is null); `body.project_id` <-
  /// the top-level `project_id`, else `metadata.project.id`; `resources.user` <- `body.user`.
  /// A key already there is never touched; the older keys stay where they are.
  void normalize(const Shape& sh) {
    if (sh.body_open != nullptr) {
      std::string add;
      if (!sh.body_user_id && sh.user.b != nullptr) {
        add += "\"user_id\":";
        if (sh.user_id.b != nullptr) {
          add.append(sh.user_id.b, sh.user_id.e);
        } else {
          add += "null";
        }
      }
      if (!sh.body_project_id) {
        const Span& from = sh.top_project_id.b != nullptr ? sh.top_project_id : sh.meta_project_id;
        if (from.b != nullptr) {
          if (!add.empty()) add += ',';
          add += "\"project_id\":";
          add.append(from.b, from.e);
        }
      }
      if (!add.empty()) {
        // before `"user"` (then the body reads created, updated, user_id, project_id, user, ...
        // as the current shape does), else first in the body
        const char* at = sh.user.b != nullptr ? sh.user_key : sh.body_open;
        if (sh.user.b != nullptr || !empty_object_at(at)) add += ',';
        edits_->push_back(Insertion{static_cast<std::size_t>(at - beg_), std::move(add)});
      }
    }
    if (sh.resources_open != nullptr && !sh.resources_user && sh.user.b != nullptr) {
      std::string add = "\"user\":";
      add.append(sh.user.b, sh.user.e);
      if (!empty_object_at(sh.resources_open)) add += ',';
      edits_->push_back(
          Insertion{static_cast<std::size_t>(sh.resources_open - beg_), std::move(add)});
    }
  }

  /// Whether only whitespace and `}` follow `p` (just after an object's `{`).
  bool empty_object_at(const char* p) const {
    while (p < end_ && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    return p < end_ && *p == '}';
  }

  St body(std::string& err, Shape& sh) {
    static constexpr FieldSpec spec[] = {
        {"created", false},      {"updated", false}, {"user_id", false}, {"project_id", false},
        {"service_type", false}, {"labels", false},  {"state", false},   {"user", false}};
    Slot s[8];
    const St st = object(spec, [&](std::size_t i) -> St {
      switch (i) {
        case 0:
          return f_timestamp(s[0]);
        case 1:
          return f_timestamp(s[1]);
        case 2:
          return f_uuid(s[2], true);
        case 3:
          return f_uuid(s[3], false);
        case 4:
          return f_sub(s[4], false, [&](std::string& e) { return service_type(e); });
        case 5:
          return f_labels(s[5]);
        case 6:
          return f_string(s[6], true);
        default: {
          sh.user_key = key_at_;
          sh.user_id = Span{};
          const char* b = p_;
          const St r =
              f_sub(s[7], true, [&](std::string& e) { return resource_ref(e, &sh.user_id); });
          sh.user = Span{b, p_};
          return r;
        }
      }
    });
    if (st != kOk) return st;
    sh.body_user_id = s[2].state != Slot::missing;
    sh.body_project_id = s[3].state != Slot::missing;
    return resolve(spec, s, err);
  }

  St service_type(std::string& err) {
    static constexpr FieldSpec spec[] = {{"type", false},
                                         {"flavor", false},
                                         {"name", false},
                                         {"description", false},
                                         {"logo_url", false}};
    Slot s[5];
    const St st = object(spec, [&](std::size_t i) -> St { return f_string(s[i], false); });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St metadata(std::string& err, Shape& sh) {
    static constexpr FieldSpec spec[] = {{"service_source", false},   {"admin_state", false},
                                         {"config", false},           {"status", false},
                                         {"endpoint", false},         {"prediction_url", false},
                                         {"health_check_url", false}, {"project", false}};
    Slot s[8];
    const St st = object(spec, [&](std::size_t i) -> St {
      switch (i) {
        case 2:
          return f_any_object(s[2], false);
        case 3:
        case 4:
          return f_any_object(s[i], true);
        case 7:
          sh.meta_project_id = Span{};
          return f_sub(s[7], true,
                       [&](std::string& e) { return resource_ref(e, &sh.meta_project_id); });
        default:
          return f_string(s[i], true);
      }
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  St resources(std::string& err, Shape& sh) {
    static constexpr FieldSpec spec[] = {
        {"user", false}, {"pipeline_run", false}, {"model_version", false}};
    Slot s[3];
    const St st = object(spec, [&](std::size_t i) -> St {
      return f_sub(s[i], true, [&](std::string& e) { return resource_ref(e, nullptr); });
    });
    if (st != kOk) return st;
    sh.resources_user = s[0].state != Slot::missing;
    return resolve(spec, s, err);
  }

  /// An embedded user, project, pipeline run or model version: a UUID `id` (required) and a
  /// `name`; `id_token`, when given, receives the id's token.
  St resource_ref(std::string& err, Span* id_token) {
    static constexpr FieldSpec spec[] = {{"id", true}, {"name", false}};
    Slot s[2];
    const St st = object(spec, [&](std::size_t i) -> St {
      if (i != 0) return f_string(s[1], true);
      const char* b = p_;
      const St r = f_uuid(s[0], false);
      if (id_token != nullptr) *id_token = Span{b, p_};
      return r;
    });
    if (st != kOk) return st;
    return resolve(spec, s, err);
  }

  const char* beg_;
  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  Insertions* edits_;
  const char* key_at_ = nullptr;  ///< opening quote of the schema key whose value is at p_
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

/// @brief `validate_page` with the scanner copy `Copy`; `edits`, when given, receives the
/// insertions that normalise the page (see `normalize_page`).
template <class Copy = void>
Result<PageInfo> scan_page(std::string_view json, const DecodeLimits& limits,
                           Insertions* edits = nullptr) {
  if (json.size() > limits.max_bytes) return too_large(json.size(), limits);
  BasicScanner<Copy> sc(json, limits, edits);
  PageInfo info;
  std::string err;
  switch (sc.page_document(info, err)) {
    case BasicScanner<Copy>::kOk:
      return info;
    case BasicScanner<Copy>::kSoft:
      return Error::bad_response(std::move(err));
    default:
      return Error::bad_response(sc.hard_message());
  }
}

/// @brief `validate_service` with the scanner copy `Copy`; `edits` as for `scan_page`.
template <class Copy = void>
Result<Empty> scan_service(std::string_view json, const DecodeLimits& limits,
                           Insertions* edits = nullptr) {
  if (json.size() > limits.max_bytes) return too_large(json.size(), limits);
  BasicScanner<Copy> sc(json, limits, edits);
  std::string err;
  switch (sc.service_document(err)) {
    case BasicScanner<Copy>::kOk:
      return Empty{};
    case BasicScanner<Copy>::kSoft:
      return Error::bad_response(std::move(err));
    default:
      return Error::bad_response(sc.hard_message());
  }
}

/// @brief `scan_page`, then the page text brought to the normalised shape in place (a copy is
/// made only when the text is of an older release).
template <class Copy = void>
Result<PageInfo> scan_normalize_page(std::string& json, const DecodeLimits& limits) {
  Insertions edits;
  auto r = scan_page<Copy>(json, limits, &edits);
  if (r && !edits.empty()) json = apply_insertions(json, std::move(edits));
  return r;
}

/// @brief `scan_service`, then the text normalised in place as `scan_normalize_page` does.
template <class Copy = void>
Result<Empty> scan_normalize_service(std::string& json, const DecodeLimits& limits) {
  Insertions edits;
  auto r = scan_service<Copy>(json, limits, &edits);
  if (r && !edits.empty()) json = apply_insertions(json, std::move(edits));
  return r;
}

}  // namespace detail

/// @brief Checks that `json` is a valid `Page[ServiceResponse]` (syntax and schema) without
/// building anything, and returns the page header. Allocation-free unless it fails. Valid does
/// not mean normalised: a page of 0.80.0-0.82.x is valid as it is; `normalize_page` also brings
/// it to the current shape.
inline Result<PageInfo> validate_page(std::string_view json, const DecodeLimits& limits = {}) {
  return detail::scan_page(json, limits);
}

/// @brief Checks that `json` is a valid `ServiceResponse` (syntax and schema) without building
/// anything (valid, not necessarily normalised: see `normalize_service`).
inline Result<Empty> validate_service(std::string_view json, const DecodeLimits& limits = {}) {
  return detail::scan_service(json, limits);
}

/// @brief `validate_page`, and on success `json` rewritten in place to the normalised shape
/// (docs: the response shapes of each release). The text of the current shape (0.83.0 on) is
/// left untouched; one of 0.80.0-0.82.x gets `body.user_id`, `body.project_id` and
/// `resources.user` inserted from the embedded objects, every other byte kept.
inline Result<PageInfo> normalize_page(std::string& json, const DecodeLimits& limits = {}) {
  return detail::scan_normalize_page(json, limits);
}

/// @brief `validate_service`, and on success `json` normalised in place as `normalize_page` does.
inline Result<Empty> normalize_service(std::string& json, const DecodeLimits& limits = {}) {
  return detail::scan_normalize_service(json, limits);
}

}  // namespace zenml
