// strtod as the module sees it. Natively this is glibc's; in the wasm build every test executable
// links wasm/strtod.cpp, which replaces musl's strtod with one parsed by the JS engine. The same
// expectations hold for both, so glibc vouches for the table and the table for the replacement.
#include <gtest/gtest.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace {

struct Parsed {
  double value;
  std::size_t used;
  bool erange;
};

Parsed parse(const std::string& s) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  const bool erange = errno == ERANGE;
  return {v, static_cast<std::size_t>(end - s.c_str()), erange};
}

std::uint64_t bits(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

struct Case {
  const char* text;
  double value;
  std::size_t used;
  bool erange;
};

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDenormMin = std::numeric_limits<double>::denorm_min();

TEST(Strtod, TableOfSubjects) {
  const Case cases[] = {
      {"0", 0.0, 1, false},
      {"-0", -0.0, 2, false},
      {"  \t\n+1.5e3xyz", 1500.0, 10, false},
      {"1.", 1.0, 2, false},
      {".5", 0.5, 2, false},
      {"-.5e-1,", -0.05, 6, false},
      {"00012.50", 12.5, 8, false},
      {"1e", 1.0, 1, false},
      {"1e+", 1.0, 1, false},
      {"1E-2", 0.01, 4, false},
      {"1e0005", 100000.0, 6, false},
      {"123abc", 123.0, 3, false},
      // no subject: 0, nothing consumed (not even the white space or the sign)
      {"", 0.0, 0, false},
      {"  ", 0.0, 0, false},
      {".", 0.0, 0, false},
      {"-", 0.0, 0, false},
      {"+.e5", 0.0, 0, false},
      {"e5", 0.0, 0, false},
      {"x1", 0.0, 0, false},
      // correctly rounded decimals
      {"9007199254740993", 9007199254740992.0, 16, false},             // halfway: to even
      {"9007199254740993.0000000001", 9007199254740994.0, 27, false},  // just above halfway
      {"0.1", 0.1, 3, false},
      {"2.2250738585072011e-308", 0x0.fffffffffffffp-1022, 23, true},  // largest subnormal
      {"2.2250738585072014e-308", DBL_MIN, 23, false},
      {"1.7976931348623157e308", DBL_MAX, 22, false},
      {"4.9406564584124654e-324", kDenormMin, 23, true},
      // range
      {"1.7976931348623159e308", kInf, 22, true},
      {"-1e400", -kInf, 6, true},
      {"1e99999999999999999999", kInf, 22, true},
      {"1e-400", 0.0, 6, true},
      {"0e-400", 0.0, 6, false},
      {"0.000e99999", 0.0, 11, false},
      // hexadecimal
      {"0x", 0.0, 1, false},
      {"0x.p1", 0.0, 1, false},
      {"0x1p", 1.0, 3, false},
      {"0x1.8p3", 12.0, 7, false},
      {"-0X.8P1", -1.0, 7, false},
      {"0xA.bp-4", 0x0.abp0, 8, false},
      {"0x1.fffffffffffffp1023", DBL_MAX, 22, false},
      {"0x1.fffffffffffff8p0", 2.0, 20, false},                 // halfway, odd: up
      {"0x1.00000000000008p0", 1.0, 20, false},                 // halfway, even: stays
      {"0x1.000000000000081p0", 1.0 + DBL_EPSILON, 21, false},  // above halfway: up
      {"0x1p-1074", kDenormMin, 9, true},
      {"0x1.8p-1074", 2 * kDenormMin, 11, true},  // halfway between 1 and 2 denorm: even
      {"0x1.0000001p-1075", kDenormMin, 17, true},
      {"0x1p-1075", 0.0, 9, true},  // halfway to zero: even (zero)
      {"0x1p1024", kInf, 8, true},
      {"0x1.fffffffffffff8p1023", kInf, 23, true},  // rounds up past DBL_MAX
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Parsed p = parse(c.text);
    EXPECT_EQ(bits(p.value), bits(c.value)) << p.value << " vs " << c.value;
    EXPECT_EQ(p.used, c.used);
    if (c.value != 0.0 && std::fabs(c.value) < DBL_MIN)
      continue;  // subnormal: errno is the C library's choice
    EXPECT_EQ(p.erange, c.erange);
  }
}

TEST(Strtod, InfinitiesAndNans) {
  const Parsed inf = parse("inf");
  EXPECT_EQ(inf.value, kInf);
  EXPECT_EQ(inf.used, 3u);
  EXPECT_FALSE(inf.erange);
  EXPECT_EQ(parse("-INFINITY!").value, -kInf);
  EXPECT_EQ(parse("-INFINITY!").used, 9u);
  EXPECT_EQ(parse("infinit").used, 3u);  // the longest subject is "inf"
  EXPECT_EQ(parse("iNf").value, kInf);

  const Parsed nan = parse("nan");
  EXPECT_TRUE(std::isnan(nan.value));
  EXPECT_EQ(nan.used, 3u);
  EXPECT_TRUE(std::signbit(parse("-nan").value));
  EXPECT_FALSE(std::signbit(parse("NaN").value));
  EXPECT_EQ(parse("NaN(abc_1)").used, 10u);
  EXPECT_EQ(parse("nan(").used, 3u);
  EXPECT_EQ(parse("nan(x y)").used, 3u);
  EXPECT_EQ(parse("na").used, 0u);
  EXPECT_EQ(parse("in").used, 0u);
}

TEST(Strtod, LongSubjects) {
  // 1e-800 * 1e800, 10^1000 / 10^1000, 2^1200 * 2^-1200: exact, whatever the length
  EXPECT_EQ(parse("0." + std::string(799, '0') + "1e800").value, 1.0);
  const Parsed big = parse("1" + std::string(1000, '0') + "e-1000");
  EXPECT_EQ(big.value, 1.0);
  EXPECT_EQ(big.used, 1007u);
  EXPECT_EQ(parse("0x1" + std::string(300, '0') + "p-1200").value, 1.0);
  // 20,000 digits of a number just above 1 + half an ulp: rounds up, decided by the last digit
  EXPECT_EQ(parse("1.00000000000000011102230246251565404236316680908203125" +
                  std::string(20000, '0') + "1")
                .value,
            1.0 + DBL_EPSILON);
  EXPECT_EQ(
      parse("1.00000000000000011102230246251565404236316680908203125" + std::string(20000, '0'))
          .value,
      1.0);
}

TEST(Strtod, RandomDoublesRoundTrip) {
  std::mt19937_64 rng(20261127);
  char buf[64];
  int checked = 0;
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t u = rng();
    double d;
    std::memcpy(&d, &u, sizeof d);
    if (std::isnan(d)) continue;
    for (const char* format : {"%.17g", "%a"}) {
      std::snprintf(buf, sizeof buf, format, d);
      const Parsed p = parse(buf);
      ASSERT_EQ(bits(p.value), u) << buf;
      ASSERT_EQ(p.used, std::strlen(buf)) << buf;
      ++checked;
    }
  }
  EXPECT_GT(checked, 199000);
}

}  // namespace
