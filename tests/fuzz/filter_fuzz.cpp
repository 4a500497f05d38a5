// libFuzzer target for ServiceFilter: the two ways in (query string, JS options as JSON) and
// the ways out (query params, query string, JSON options) must round-trip and never crash.
//
// Properties checked on every input:
//   * parse_query(bytes) either fails with invalid_argument or yields a filter whose
//     to_query_params() succeeds, whose encoded query parses back to an equal filter, and whose
//     to_json() (when every string in it is valid UTF-8, i.e. representable in JSON) parses
//     back through from_json() to an equal filter;
//   * from_json(json text) on any JSON the non-throwing parser accepts: same round trips;
//   * every failure is an invalid_argument with a non-empty message.
//
//   bash scripts/fuzz.sh 60          (builds every tests/fuzz/*_fuzz.cpp and runs each)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "zenml/filter.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& detail = {}) {
  std::fprintf(stderr, "\nfilter_fuzz: %s\n  %s\n  input (%zu bytes): %.*s\n", what, detail.c_str(),
               input.size(), static_cast<int>(input.size() < 2000 ? input.size() : 2000),
               input.data());
  std::abort();
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if ((b >> 5) == 0x6) {
      n = 2;
      cp = b & 0x1F;
    } else if ((b >> 4) == 0xE) {
      n = 3;
      cp = b & 0x0F;
    } else if ((b >> 3) == 0x1E) {
      n = 4;
      cp = b & 0x07;
    } else
      return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n;
  }
  return true;
}

bool json_strings_valid(const nlohmann::json& j) {
  if (j.is_string()) return valid_utf8(j.get_ref<const std::string&>());
  if (j.is_structured()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (j.is_object() && !valid_utf8(it.key())) return false;
      if (!json_strings_valid(*it)) return false;
    }
  }
  return true;
}

void expect_invalid_argument(const zenml::Error& e, const char* where, std::string_view input) {
  if (e.code != zenml::ErrorCode::invalid_argument || e.message.empty())
    fail(where, input, e.message);
}

// Every way out of a valid filter must come back to the same filter.
void round_trips(const zenml::ServiceFilter& f, std::string_view input) {
  auto params = f.to_query_params();
  if (!params)
    fail("to_query_params failed on a filter that parsed", input, params.error().message);
  const std::string query = zenml::encode_query(*params);
  auto again = zenml::ServiceFilter::parse_query(query, f.max_page_size);
  if (!again)
    fail("encoded query does not parse back", input, query + " -> " + again.error().message);
  if (*again != f) fail("query round trip changed the filter", input, query);
  auto qs = f.to_query_string();
  if (!qs || *qs != query)
    fail("to_query_string disagrees with encode_query(to_query_params)", input, query);
  // with a leading '?' and as a full URL it must read the same
  auto q2 = zenml::ServiceFilter::parse_query("?" + query, f.max_page_size);
  if (!q2 || *q2 != f) fail("'?'-prefixed query reads differently", input, query);
  auto q3 = zenml::ServiceFilter::parse_query("http://h/api/v1/services?" + query + "#frag",
                                              f.max_page_size);
  if (!q3 || *q3 != f) fail("query inside a URL reads differently", input, query);

  const nlohmann::json j = f.to_json();
  if (!json_strings_valid(j)) return;  // bytes that are not UTF-8 cannot be JS strings
  const std::string text = j.dump();
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) fail("to_json dumped text that does not parse", input, text);
  auto back = zenml::ServiceFilter::from_json(parsed, f.max_page_size);
  if (!back)
    fail("to_json output refused by from_json", input, text + " -> " + back.error().message);
  if (*back != f) fail("JSON round trip changed the filter", input, text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // 1. the bytes as a query string, with the default and with a small page-size maximum
  for (std::int64_t max : {zenml::kPageSizeMaximum, std::int64_t{50}}) {
    auto f = zenml::ServiceFilter::parse_query(text, max);
    if (f)
      round_trips(*f, text);
    else
      expect_invalid_argument(f.error(), "parse_query failed with the wrong code", text);
  }

  // 2. the bytes as JSON options (what the JS facade passes)
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_discarded()) {
    auto f = zenml::ServiceFilter::from_json(j);
    if (f)
      round_trips(*f, text);
    else
      expect_invalid_argument(f.error(), "from_json failed with the wrong code", text);
    // the same value wrapped as a filter object and as one condition list
    if (j.is_object() || j.is_array() || j.is_string()) {
      auto g = zenml::ServiceFilter::from_json(nlohmann::json{{"filter", j}});
      if (g)
        round_trips(*g, text);
      else
        expect_invalid_argument(g.error(), "from_json(filter) failed with the wrong code", text);
      auto h = zenml::ServiceFilter::from_json(
          nlohmann::json{{"filter", {{"name", j}, {"created", j}, {"id", j}}}});
      if (h)
        round_trips(*h, text);
      else
        expect_invalid_argument(h.error(), "from_json(name/created/id) failed with the wrong code",
                                text);
    }
  }

  // 3. single conditions: whatever the wire text, Condition::parse + to_wire reads back the same
  for (auto kind : {zenml::FieldKind::text, zenml::FieldKind::uuid, zenml::FieldKind::datetime,
                    zenml::FieldKind::user}) {
    const auto c = zenml::Condition::parse(text);
    if (zenml::Condition::parse(c.to_wire(kind)) != c) fail("Condition wire round trip", text);
  }
  static_cast<void>(zenml::parse_string_list(text));
  static_cast<void>(zenml::uuid_hex(text));
  return 0;
}
