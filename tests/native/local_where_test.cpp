// The local-only conditions (`where`: state, labels) and the project list: reading the
// caller's input, evaluating on decoded services, and the request and response checks of
// GET /api/v1/projects.
#include "zenml/local_where.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "zenml/decode.hpp"
#include "zenml/filter_schema.hpp"
#include "zenml/input.hpp"
#include "zenml/request.hpp"

using namespace zenml;

namespace {

std::vector<Service> services() {
  // Five services as the server sends them: states and labels of every kind, one with neither.
  auto r = decode_service_list(R"([
    {"id":"11111111-1111-4111-8111-111111111111","name":"a","body":{"created":"2026-01-01T00:00:00",
     "updated":"2026-01-01T00:00:00","service_type":{"type":"model-serving","flavor":"x"},
     "state":"error","labels":{"env":"prod","gpu":"a100"}}},
    {"id":"22222222-2222-4222-8222-222222222222","name":"b","body":{"created":"2026-01-01T00:00:00",
     "updated":"2026-01-01T00:00:00","service_type":{"type":"model-serving","flavor":"x"},
     "state":"active","labels":{"env":"dev"}}},
    {"id":"33333333-3333-4333-8333-333333333333","name":"c","body":{"created":"2026-01-01T00:00:00",
     "updated":"2026-01-01T00:00:00","service_type":{"type":"model-serving","flavor":"x"},
     "state":"active","labels":{"env":"prod"}}},
    {"id":"44444444-4444-4444-8444-444444444444","name":"d","body":{"created":"2026-01-01T00:00:00",
     "updated":"2026-01-01T00:00:00","service_type":{"type":"model-serving","flavor":"x"},
     "state":null,"labels":null}},
    {"id":"55555555-5555-4555-8555-555555555555","name":"e","body":{"created":"2026-01-01T00:00:00",
     "updated":"2026-01-01T00:00:00","service_type":{"type":"model-serving","flavor":"x"},
     "state":"scaled_to_zero","labels":{"gpu":""}}}
  ])");
  EXPECT_TRUE(r.ok()) << r.error().message;
  return std::move(r).value();
}

std::vector<std::size_t> match(const char* where) {
  auto w = local_where_from_json(Json::parse(where));
  EXPECT_TRUE(w.ok()) << where << ": " << w.error().message;
  if (!w) return {};
  return where_indices(services(), *w);
}

std::string refusal(const char* where) {
  auto w = local_where_from_json(Json::parse(where));
  EXPECT_FALSE(w.ok()) << where;
  if (w) return "";
  EXPECT_EQ(w.error().code, ErrorCode::invalid_argument);
  return w.error().message;
}

}  // namespace

TEST(LocalWhere, StateIsAnyOfTheListedStates) {
  EXPECT_EQ(match(R"({"state":"error"})"), (std::vector<std::size_t>{0}));
  EXPECT_EQ(match(R"({"state":["active","scaled_to_zero"]})"), (std::vector<std::size_t>{1, 2, 4}));
  // a service without a state meets no state condition
  EXPECT_EQ(match(R"({"state":["inactive"]})"), (std::vector<std::size_t>{}));
}

TEST(LocalWhere, LabelsEqualOrPresent) {
  EXPECT_EQ(match(R"({"labels":{"env":"prod"}})"), (std::vector<std::size_t>{0, 2}));
  // present with any value, the empty one included
  EXPECT_EQ(match(R"({"labels":{"gpu":true}})"), (std::vector<std::size_t>{0, 4}));
  // every label condition holds (AND), and state with it
  EXPECT_EQ(match(R"({"labels":{"env":"prod","gpu":true}})"), (std::vector<std::size_t>{0}));
  EXPECT_EQ(match(R"({"state":"active","labels":{"env":"prod"}})"), (std::vector<std::size_t>{2}));
  // values compare exactly (no case folding, no wildcards)
  EXPECT_EQ(match(R"({"labels":{"env":"PROD"}})"), (std::vector<std::size_t>{}));
  EXPECT_EQ(match(R"({"labels":{"env":"pro%"}})"), (std::vector<std::size_t>{}));
}

TEST(LocalWhere, NoConditionKeepsEveryService) {
  EXPECT_EQ(match("null"), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(match("{}"), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(match(R"({"state":null,"labels":{}})"), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

TEST(LocalWhere, BadInputIsATypedErrorThatSaysWhatFits) {
  EXPECT_NE(refusal(R"({"state":"broken"})").find("\"broken\" is not a ServiceState"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"state":"broken"})").find("scaled_to_zero"), std::string::npos);
  EXPECT_NE(refusal(R"({"state":[]})").find("where.state"), std::string::npos);
  EXPECT_NE(refusal(R"({"state":[1]})").find("where.state[0]"), std::string::npos);
  EXPECT_NE(refusal(R"({"labels":{"env":1}})").find("where.labels.env"), std::string::npos);
  EXPECT_NE(refusal(R"({"labels":{"env":false}})").find("true (the key is present)"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"labels":{"":"x"}})").find("must not be empty"), std::string::npos);
  EXPECT_NE(refusal(R"({"labels":["env"]})").find("an object"), std::string::npos);
  // an unknown key is named, with the closest known one
  EXPECT_NE(refusal(R"({"states":["error"]})").find("state"), std::string::npos);
  EXPECT_NE(refusal("[1]").find("where"), std::string::npos);
}

TEST(LocalWhere, TheKeysAreTheLocalFieldTable) {
  // every row of kLocalFields is a key `where` reads, and the schema lists the rows
  const std::string schema = filter_schema_json();
  for (const LocalFieldSpec& f : kLocalFields) {
    EXPECT_TRUE(local_where_from_json(Json{{std::string(f.name), nullptr}}).ok()) << f.name;
    EXPECT_NE(schema.find("\"name\":\"" + std::string(f.name) + "\""), std::string::npos);
  }
  for (ServiceStateKind k : kKnownStates) {
    EXPECT_TRUE(local_where_from_json(Json{{"state", std::string(to_string(k))}}).ok());
  }
}

TEST(Projects, ListRequestAndItsLimits) {
  auto r = requests::list_projects(2, 50);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target(), "/api/v1/projects?page=2&size=50&sort_by=asc%3Aname");
  EXPECT_EQ(requests::list_projects(0, 20).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(requests::list_projects(1, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(requests::list_projects(1, kPageSizeMaximum + 1).error().code,
            ErrorCode::invalid_argument);
  auto o = project_list_options_from_json(Json::parse(R"({"page":3,"size":7})"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->page, 3);
  EXPECT_EQ(o->size, 7);
  EXPECT_FALSE(project_list_options_from_json(Json::parse(R"({"pgae":3})")).ok());
  EXPECT_FALSE(project_list_options_from_json(Json::parse(R"({"page":1.5})")).ok());
}

TEST(Projects, PageIsCheckedItemByItem) {
  EXPECT_TRUE(validate_named_page(R"({"index":1,"max_size":20,"total_pages":1,"total":1,
    "items":[{"id":"ae078a6b-0073-4edb-b6d5-476ad45b1555","name":"default","body":{}}]})")
                  .ok());
  auto bad = validate_named_page(R"({"index":1,"max_size":20,"total_pages":1,"total":1,
    "items":[{"id":"ae078a6b-0073-4edb-b6d5-476ad45b1555","name":"default"},{"id":"x","name":"y"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::bad_response);
  EXPECT_NE(bad.error().message.find("items[1].id"), std::string::npos) << bad.error().message;
  EXPECT_EQ(validate_named_page(R"({"index":1,"items":[]})").error().code, ErrorCode::bad_response);
  EXPECT_EQ(validate_named_page("[]").error().code, ErrorCode::bad_response);
}
