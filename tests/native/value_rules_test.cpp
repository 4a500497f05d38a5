// The value rules shared by the readers, the encoder and the filters (include/zenml/detail/):
// UUID text, the calendar, UTF-8 and the wording of types in messages.
#include <gtest/gtest.h>

#include <string>

#include "zenml/detail/calendar.hpp"
#include "zenml/detail/messages.hpp"
#include "zenml/detail/utf8.hpp"
#include "zenml/detail/uuid.hpp"
#include "zenml/json.hpp"

using namespace zenml;

TEST(ValueRules, UuidIsTheCanonicalHyphenatedForm) {
  EXPECT_TRUE(detail::is_uuid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
  EXPECT_TRUE(detail::is_uuid("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
  for (const char* bad :
       {"", "3fa85f6457174562b3fc2c963f66afa6", "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
        "3fa85f64-5717-4562-b3fc-2c963f66afa", "3fa85f64-5717-4562-b3fc_2c963f66afa6",
        "3fa85f64-5717-4562-b3fc-2c963f66afg6", "3fa85f645-717-4562-b3fc-2c963f66afa6"}) {
    EXPECT_FALSE(detail::is_uuid(bad)) << bad;
  }
  static_assert(detail::is_uuid("00000000-0000-0000-0000-000000000000"));
}

// The scanner's word-at-a-time check is the same rule: every byte value at every position of a
// valid UUID (upper and lower case) gets the same verdict from both.
TEST(ValueRules, WordAtATimeUuidCheckAgreesWithTheRule) {
  for (std::string base :
       {"3fa85f64-5717-4562-b3fc-2c963f66afa6", "3FA85F64-5717-4562-B3FC-2C963F66AFA6",
        "09af09AF-09af-09AF-09af-09AF09af09AF"}) {
    ASSERT_TRUE(detail::is_uuid36(base.data()));
    for (std::size_t i = 0; i < base.size(); ++i) {
      for (int c = 0; c < 256; ++c) {
        std::string s = base;
        s[i] = static_cast<char>(c);
        ASSERT_EQ(detail::is_uuid36(s.data()), detail::is_uuid(s)) << "byte " << c << " at " << i;
      }
    }
  }
}

TEST(ValueRules, CalendarAgreesWithKnownDates) {
  EXPECT_EQ(detail::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(detail::days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(detail::days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(detail::days_from_civil(1, 1, 1), -719162);
  EXPECT_EQ(detail::days_from_civil(9999, 12, 31), 2932896);
  EXPECT_EQ(detail::days_in_month(2024, 2), 29);
  EXPECT_EQ(detail::days_in_month(2023, 2), 28);
  EXPECT_EQ(detail::days_in_month(1900, 2), 28);
  EXPECT_EQ(detail::days_in_month(2000, 2), 29);
  EXPECT_EQ(detail::days_in_month(2026, 4), 30);
  EXPECT_EQ(detail::days_in_month(2026, 12), 31);
  // Consecutive days: the calendar has no gaps and no overlaps over four centuries.
  std::int64_t day = detail::days_from_civil(1600, 1, 1);
  for (std::int64_t y = 1600; y < 2000; ++y) {
    for (std::int64_t m = 1; m <= 12; ++m) {
      for (std::int64_t d = 1; d <= detail::days_in_month(y, m); ++d) {
        ASSERT_EQ(detail::days_from_civil(y, m, d), day++) << y << "-" << m << "-" << d;
      }
    }
  }
}

TEST(ValueRules, Utf8CountsCodePointsAndCutsAtABoundary) {
  EXPECT_EQ(detail::utf8_length(""), 0u);
  EXPECT_EQ(detail::utf8_length("abc"), 3u);
  EXPECT_EQ(detail::utf8_length("Gr\xC3\xBC\xC3\x9F"
                                "e \xF0\x9F\x8C\x8D"),
            7u);  // "Grüße 🌍"
  EXPECT_EQ(detail::utf8_prefix("abc", 5), "abc");
  EXPECT_EQ(detail::utf8_prefix("abc", 2), "ab");
  EXPECT_EQ(detail::utf8_prefix("a\xF0\x9F\x8C\x8D", 3), "a");
  EXPECT_EQ(detail::utf8_prefix("a\xF0\x9F\x8C\x8D", 5), "a\xF0\x9F\x8C\x8D");
  std::string quoted;
  detail::append_quoted(quoted, "\xC3\xBC\xC3\xBC", 3);
  EXPECT_EQ(quoted, "\"\xC3\xBC\"...");
}

TEST(ValueRules, TypeNamesAreWordedOneWay) {
  // The scanner names a type from the value's first byte, the decoder from the DOM: one word each.
  for (const char* text : {"null", "true", "false", "0", "-1.5e3", "\"s\"", "[]", "{}"}) {
    const Json j = Json::parse(text);
    EXPECT_STREQ(detail::type_name(text[0]), detail::type_name(j)) << text;
  }
  EXPECT_EQ(detail::expected(detail::kString, detail::type_name(Json(1))),
            "expected a string, got number");
}
