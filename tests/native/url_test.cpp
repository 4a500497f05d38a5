#include "zenml/url.hpp"

#include <gtest/gtest.h>

using namespace zenml;

TEST(PercentEncode, KeepsUnreservedOnly) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("x&y=z"), "x%26y%3Dz");
  EXPECT_EQ(percent_encode("a:b/c?d#e%f+g h"), "a%3Ab%2Fc%3Fd%23e%25f%2Bg%20h");
  EXPECT_EQ(percent_encode("\xC3\xBC"), "%C3%BC");
}

TEST(PercentDecode, RoundTripsAndRejectsMalformed) {
  const std::string s = "x&y=z a:b %_ \xC3\xBC\xE6\x9C\x8D\xE5\x8A\xA1";
  EXPECT_EQ(percent_decode(percent_encode(s)).value(), s);
  EXPECT_EQ(percent_decode("a+b").value(), "a b");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("ab%G1"));
}

TEST(Query, EncodeDecodeKeepsOrderAndRepeats) {
  QueryParams q{{"name", "startswith:a"}, {"name", "endswith:z"}, {"x&y", "="}};
  const auto text = encode_query(q);
  EXPECT_EQ(text, "name=startswith%3Aa&name=endswith%3Az&x%26y=%3D");
  EXPECT_EQ(decode_query("?" + text).value(), q);
  EXPECT_EQ(decode_query("a&&b=").value(), (QueryParams{{"a", ""}, {"b", ""}}));
  EXPECT_FALSE(decode_query("a=%zz"));
}
