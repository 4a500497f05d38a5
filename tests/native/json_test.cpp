#include "zenml/json_text.hpp"
#include "zenml/service.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

using namespace zenml;

namespace {

/// nlohmann's own reading of the text: the reference `parse_json_text` must give.
template <class J>
J reference(const std::string& text) {
  J j = J::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

template <class J>
void expect_same_as_nlohmann(const std::string& text) {
  auto mine = parse_json_text<J>(text);
  ASSERT_TRUE(mine) << mine.error().message << "\n" << text;
  // dump() compares the key order too (== on ordered_json does as well, on json it cannot differ)
  EXPECT_EQ(mine->dump(), reference<J>(text).dump()) << text;
  EXPECT_EQ(*mine, reference<J>(text));
}

/// A random object of `keys` members drawn from `distinct` names (so some repeat), values nested.
std::string random_object(std::mt19937& rng, int keys, int distinct, int depth) {
  std::string out = "{";
  for (int i = 0; i < keys; ++i) {
    if (i) out += ",";
    out += "\"k" + std::to_string(std::uniform_int_distribution<int>(0, distinct - 1)(rng)) + "\":";
    const int kind = std::uniform_int_distribution<int>(0, depth > 0 ? 4 : 2)(rng);
    if (kind == 0)
      out += std::to_string(i);
    else if (kind == 1)
      out += "\"v" + std::to_string(i) + "\"";
    else if (kind == 2)
      out += "[null,true,1.5]";
    else
      out += random_object(rng, std::uniform_int_distribution<int>(0, 24)(rng), 20, depth - 1);
  }
  return out + "}";
}

}  // namespace

TEST(JsonText, ObjectsKeepTheirKeyOrder) {
  auto j = parse_json_text<Json>(R"({"b":1,"a":{"z":true,"y":null},"c":[3,2,1]})");
  ASSERT_TRUE(j);
  EXPECT_EQ(j->dump(), R"({"b":1,"a":{"z":true,"y":null},"c":[3,2,1]})");
}

TEST(JsonText, RepeatedKeysKeepTheFirstPositionAndTheLastValue) {
  // below and beyond the object size from which keys are appended without a search
  for (int filler : {0, 3, 15, 16, 17, 40}) {
    std::string text = R"({"a":1,)";
    for (int i = 0; i < filler; ++i)
      text += "\"f" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    text += R"("b":{"x":1},"a":2,"c":3,"b":[4],"a":{"last":true}})";
    expect_same_as_nlohmann<Json>(text);
    auto j = parse_json_text<Json>(text);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->size(), static_cast<std::size_t>(filler) + 3);
    EXPECT_EQ(j->begin().key(), "a");
    EXPECT_EQ((*j)["a"], Json::parse(R"({"last":true})"));
    EXPECT_EQ((*j)["b"], Json::parse("[4]"));
  }
}

TEST(JsonText, AgreesWithNlohmannOnRandomObjects) {
  std::mt19937 rng(20260912);
  for (int round = 0; round < 60; ++round) {
    const std::string text = random_object(rng, std::uniform_int_distribution<int>(0, 80)(rng),
                                           std::uniform_int_distribution<int>(1, 60)(rng), 2);
    expect_same_as_nlohmann<Json>(text);
    expect_same_as_nlohmann<nlohmann::json>(text);
  }
}

TEST(JsonText, ManyKeysAreNotQuadratic) {
  // 200,000 distinct keys plus as many repeats of them: a linear search per key would make this
  // ~10^10 string compares (minutes); in n log n it is a fraction of a second.
  std::string text = "{";
  for (int i = 0; i < 200000; ++i)
    text += "\"key" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  for (int i = 0; i < 200000; ++i)
    text += "\"key" + std::to_string(i) + "\":" + std::to_string(-i) + ",";
  text += "\"end\":true}";
  auto j = parse_json_text<Json>(text);
  ASSERT_TRUE(j);
  ASSERT_EQ(j->size(), 200001u);
  EXPECT_EQ(j->begin().key(), "key0");
  EXPECT_EQ((*j)["key123"], -123);
  EXPECT_EQ(std::prev(j->end()).key(), "end");
}

TEST(JsonText, DeepValuesFollowedByMoreMembersAreNotCopiedRecursively) {
  // an object's members grow by moving their values: copying would recurse 100,000 deep
  std::string text = R"({"deep":)" + std::string(100000, '[') + std::string(100000, ']');
  for (int i = 0; i < 100; ++i) text += ",\"m" + std::to_string(i) + "\":" + std::to_string(i);
  text += "}";
  auto j = parse_json_text<Json>(text, 200000);
  ASSERT_TRUE(j);
  EXPECT_EQ(j->size(), 101u);
}

TEST(JsonText, LimitsAndErrors) {
  EXPECT_TRUE(parse_json_text<Json>("[[1]]", 2));
  auto deep = parse_json_text<Json>("[[[1]]]", 2);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message, "invalid JSON: nesting too deep (max_depth 2)");
  auto nul = parse_json_text<Json>(std::string("[1,\0]", 5));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().message, "invalid JSON at byte 3: NUL byte");
  auto bad = parse_json_text<Json>(R"({"a":1,})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::bad_response);
  EXPECT_EQ(bad.error().message.rfind("invalid JSON at byte ", 0), 0u) << bad.error().message;
}
