// The recorded answers of real servers of each release shape (tests/fixtures/compat/<release>-
// {create,get,update,list,list-hydrated}.json, `{request, status, body}`) through both readers
// (scanner.hpp and decode.hpp):
//   * every answer is valid and comes out in the normalised shape (the current one), equal to
//     the server's answer mapped by the rules written out here once more (`mapped`);
//   * removing each key of the answer in turn fails exactly for the ids and the page header;
//   * replacing each value by an array fails exactly for the fields of the schema;
//   * an unknown key added to any object is accepted and kept;
//   * a create or update whose answer cannot be read still reports the write and its id.
#include "zenml/client.hpp"
#include "zenml/decode.hpp"
#include "zenml/scanner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fake_transport.hpp"
#include "fixtures.hpp"

using namespace zenml;

namespace {

using zenml::testing::read_file;

/// The shapes of the recorded releases (docs: the response shapes of each release).
enum class Shape { s1, s2, s3 };  // 0.80.0-0.82.0, 0.82.1-0.82.x, 0.83.0 on

struct Record {
  std::string file;
  std::string release;
  Shape shape = Shape::s3;
  bool page = false;
  bool hydrated = false;  // metadata present (list-hydrated, create, get, update)
  Json body;
};

std::vector<Record> records() {
  std::vector<Record> out;
  const auto dir = std::filesystem::path(ZSW_FIXTURES_ROOT) / "compat";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const Json rec = Json::parse(read_file(entry.path()), nullptr, false);
    if (rec.is_discarded() || !rec.contains("body") || rec.value("status", 0) != 200) {
      ADD_FAILURE() << entry.path() << " is not a recorded 200 answer";
      continue;
    }
    Record r;
    r.file = entry.path().filename().string();
    r.release = r.file.substr(0, r.file.find('-'));
    const std::string kind =
        r.file.substr(r.release.size() + 1, r.file.size() - r.release.size() - 6);
    r.shape = r.release == "0.80.2" ? Shape::s1 : r.release == "0.82.1" ? Shape::s2 : Shape::s3;
    r.page = kind == "list" || kind == "list-hydrated";
    r.hydrated = kind != "list";
    r.body = rec["body"];
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(),
            [](const Record& a, const Record& b) { return a.file < b.file; });
  return out;
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// Both readers; they must agree (verdict and message). "" when valid, else the message.
std::string verdict(const Record& r, const std::string& text) {
  std::string v, d;
  if (r.page) {
    auto a = validate_page(text);
    auto b = decode_page(text);
    v = a ? "" : a.error().message;
    d = b ? "" : b.error().message;
  } else {
    auto a = validate_service(text);
    auto b = decode_service(text);
    v = a ? "" : a.error().message;
    d = b ? "" : b.error().message;
  }
  EXPECT_EQ(v, d) << r.file << ": the scanner and the Decoder disagree on\n" << text.substr(0, 300);
  return v;
}

/// The scanner's normalised text (the text JS parses), checked to be normalised for good:
/// normalising it again changes nothing.
std::string normalized(const Record& r, std::string text) {
  const bool ok = r.page ? normalize_page(text).ok() : normalize_service(text).ok();
  EXPECT_TRUE(ok) << r.file;
  std::string again = text;
  if (r.page) {
    EXPECT_TRUE(normalize_page(again));
  } else {
    EXPECT_TRUE(normalize_service(again));
  }
  EXPECT_EQ(again, text) << r.file << ": normalising twice changed the text";
  return text;
}

/// The rules of the normalised shape, restated on a DOM (scanner.hpp `normalize` applies them
/// to the text, decode.hpp to the models): a key already there is never touched.
Json mapped(Json item) {
  if (!item.is_object() || !item.contains("body") || !item["body"].is_object()) return item;
  Json& b = item["body"];
  if (!b.contains("user_id") && b.contains("user")) {
    b["user_id"] = b["user"].is_object() ? b["user"]["id"] : Json(nullptr);
  }
  if (!b.contains("project_id")) {
    if (item.contains("project_id")) {
      b["project_id"] = item["project_id"];
    } else if (item.contains("metadata") && item["metadata"].is_object() &&
               item["metadata"].contains("project") && item["metadata"]["project"].is_object()) {
      b["project_id"] = item["metadata"]["project"]["id"];
    }
  }
  if (item.contains("resources") && item["resources"].is_object() &&
      !item["resources"].contains("user") && b.contains("user")) {
    item["resources"]["user"] = b["user"];
  }
  return item;
}

Json mapped_document(const Record& r, Json j) {
  if (!r.page) return mapped(std::move(j));
  for (auto& item : j["items"]) item = mapped(item);
  return j;
}

/// Key order aside (JSON.parse keeps the text's order; the insertions follow the current one).
bool same_json(const Json& a, const Json& b) {
  return nlohmann::json::parse(dump(a)) == nlohmann::json::parse(dump(b));
}

std::string escape_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

/// Every key path of `j` (JSON pointers), depth first, arrays entered.
void key_paths(const Json& j, const std::string& at, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string p = at + "/" + escape_token(it.key());
      out.push_back(p);
      key_paths(it.value(), p, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) key_paths(j[i], at + "/" + std::to_string(i), out);
  }
}

/// Every object of `j` (JSON pointers, "" for the root).
void object_paths(const Json& j, const std::string& at, std::vector<std::string>& out) {
  if (j.is_object()) {
    out.push_back(at);
    for (auto it = j.begin(); it != j.end(); ++it)
      object_paths(it.value(), at + "/" + escape_token(it.key()), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      object_paths(j[i], at + "/" + std::to_string(i), out);
  }
}

/// `/items/3/body/labels/team` -> `body/labels/<label>`: the path inside an item, label keys and
/// the item index generalised; page-level keys keep their name.
std::string generic(const Record& r, const std::string& pointer) {
  std::string p = pointer.substr(1);
  if (r.page && p.rfind("items/", 0) == 0) {
    const auto slash = p.find('/', 6);
    p = slash == std::string::npos ? "items/*" : p.substr(slash + 1);
  }
  const std::string labels = "body/labels/";
  if (p.rfind(labels, 0) == 0) p = labels + "<label>";
  return p;
}

/// The message path of a JSON pointer (`/items/0/body/created` -> `items[0].body.created`).
std::string message_path(const std::string& pointer) {
  std::string out;
  std::size_t i = 1;
  while (i <= pointer.size()) {
    const auto next = std::min(pointer.find('/', i), pointer.size());
    const std::string tok = pointer.substr(i, next - i);
    if (!tok.empty() &&
        std::all_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      detail::append_index(out, std::stoul(tok));
    } else {
      detail::append_key(out, tok);
    }
    i = next + 1;
  }
  return out;
}

// The only keys whose removal fails: ids of the service and of the entities embedded in it,
// and the page's own fields. (Inside an item; page fields are matched by name.)
const std::set<std::string> kRequired = {"index",
                                         "max_size",
                                         "total_pages",
                                         "total",
                                         "items",
                                         "id",
                                         "body/user/id",
                                         "metadata/project/id",
                                         "resources/user/id",
                                         "resources/pipeline_run/id",
                                         "resources/model_version/id"};

// Every field the schema reads (of every release's shape): an array in its place fails. The
// rest (config and status contents, the embedded user's and project's other fields, unknown
// keys) is free-form.
const std::set<std::string> kSchema = {"index",
                                       "max_size",
                                       "total_pages",
                                       "total",
                                       "items/*",
                                       "id",
                                       "name",
                                       "permission_denied",
                                       "project_id",
                                       "body",
                                       "body/created",
                                       "body/updated",
                                       "body/user_id",
                                       "body/project_id",
                                       "body/service_type",
                                       "body/service_type/type",
                                       "body/service_type/flavor",
                                       "body/service_type/name",
                                       "body/service_type/description",
                                       "body/service_type/logo_url",
                                       "body/labels",
                                       "body/labels/<label>",
                                       "body/state",
                                       "body/user",
                                       "body/user/id",
                                       "body/user/name",
                                       "metadata",
                                       "metadata/service_source",
                                       "metadata/admin_state",
                                       "metadata/config",
                                       "metadata/status",
                                       "metadata/endpoint",
                                       "metadata/prediction_url",
                                       "metadata/health_check_url",
                                       "metadata/project",
                                       "metadata/project/id",
                                       "metadata/project/name",
                                       "resources",
                                       "resources/user",
                                       "resources/user/id",
                                       "resources/user/name",
                                       "resources/pipeline_run",
                                       "resources/pipeline_run/id",
                                       "resources/pipeline_run/name",
                                       "resources/model_version",
                                       "resources/model_version/id",
                                       "resources/model_version/name"};

Json remove_at(Json j, const std::string& pointer) {
  const Json::json_pointer ptr(pointer);
  Json& parent = j[ptr.parent_pointer()];
  if (parent.is_object()) {
    parent.erase(ptr.back());
  } else {
    parent.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
  }
  return j;
}

}  // namespace

TEST(CompatDecode, EveryRecordedShapeIsThere) {
  const auto all = records();
  std::set<std::string> releases;
  for (const auto& r : all) releases.insert(r.release);
  for (const char* rel : {"0.80.2", "0.82.1", "0.83.0", "0.93.3", "0.95.0", "0.98.0"}) {
    EXPECT_TRUE(releases.count(rel)) << rel;
  }
  EXPECT_EQ(all.size(), releases.size() * 5);
}

TEST(CompatDecode, EveryReleaseDecodesToTheNormalisedShape) {
  for (const auto& r : records()) {
    SCOPED_TRACE(r.file);
    const std::string text = dump(r.body);
    ASSERT_EQ(verdict(r, text), "");
    const std::string out = normalized(r, text);
    const Json got = Json::parse(out);
    EXPECT_TRUE(same_json(got, mapped_document(r, r.body))) << out.substr(0, 600);
    const Json items = r.page ? got["items"] : Json::array({got});
    const Json raw = r.page ? r.body["items"] : Json::array({r.body});
    ASSERT_FALSE(items.empty());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Json& item = items[i];
      const Json& before = raw[i];
      // the normalised shape: the owner and the project where the current release has them
      EXPECT_TRUE(item["body"]["user_id"].is_string());
      EXPECT_EQ(item["resources"]["user"]["id"], item["body"]["user_id"]);
      if (r.shape != Shape::s1 || r.hydrated) {
        EXPECT_TRUE(item["body"]["project_id"].is_string());
      } else {
        EXPECT_FALSE(item["body"].contains("project_id"))
            << "0.80.0-0.82.0 without metadata say no project";
      }
      if (r.shape == Shape::s3) {
        EXPECT_EQ(out, text) << "the current shape is handed on untouched";
      } else {
        // the older objects stay; what was missing came from them
        EXPECT_FALSE(before["body"].contains("user_id"));
        EXPECT_EQ(item["body"]["user"], before["body"]["user"]);
        EXPECT_EQ(item["body"]["user_id"], before["body"]["user"]["id"]);
        EXPECT_EQ(item["resources"]["user"], before["body"]["user"]);
        if (r.shape == Shape::s2) {
          EXPECT_EQ(item["body"]["project_id"], before["project_id"]);
        }
        if (r.shape == Shape::s1 && r.hydrated) {
          EXPECT_EQ(item["body"]["project_id"], before["metadata"]["project"]["id"]);
        }
      }
    }
    // the Decoder's models say the same as the scanner's text
    std::vector<Service> models;
    if (r.page) {
      auto p = decode_page(text);
      ASSERT_TRUE(p);
      models = p->items;
    } else {
      auto s = decode_service(text);
      ASSERT_TRUE(s);
      models.push_back(*s);
    }
    ASSERT_EQ(models.size(), items.size());
    for (std::size_t i = 0; i < models.size(); ++i) {
      const Service& s = models[i];
      const Json& item = items[i];
      EXPECT_EQ(s.id, item["id"]);
      EXPECT_EQ(s.name, item["name"]);
      ASSERT_TRUE(s.body && s.body->user_id && s.body->created && s.body->updated);
      EXPECT_EQ(*s.body->user_id, item["body"]["user_id"]);
      EXPECT_EQ(s.body->created->text, item["body"]["created"]);
      EXPECT_EQ(s.body->project_id.has_value(), item["body"].contains("project_id"));
      if (s.body->project_id) {
        EXPECT_EQ(*s.body->project_id, item["body"]["project_id"]);
      }
      ASSERT_TRUE(s.resources && s.resources->user);
      EXPECT_EQ(s.resources->user->id, item["resources"]["user"]["id"]);
      EXPECT_EQ(s.resources->user->name, item["resources"]["user"]["name"]);
      EXPECT_EQ(s.resources->user->raw, item["resources"]["user"]);
      EXPECT_EQ(s.metadata.has_value(), r.hydrated);
      if (s.metadata) {
        EXPECT_EQ(s.metadata->config, item["metadata"]["config"]);
        EXPECT_EQ(s.metadata->project.has_value(), r.shape != Shape::s3);
      }
    }
  }
}

TEST(CompatDecode, RemovingAKeyFailsOnlyForIdsAndThePageHeader) {
  for (const auto& r : records()) {
    SCOPED_TRACE(r.file);
    std::vector<std::string> paths;
    key_paths(r.body, "", paths);
    std::set<std::string> failed, expected;
    std::size_t tried = 0;
    for (const auto& p : paths) {
      const std::string g = generic(r, p);
      if (kRequired.count(g) && (r.page || g != "items")) expected.insert(p);
      // the page-level names also occur inside items (an item's `total` would be unknown)
      if (r.page && p.rfind("/items/", 0) != 0 && !kRequired.count(g))
        ADD_FAILURE() << "unknown page key " << p;
      const Json without = remove_at(r.body, p);
      const std::string text = dump(without);
      const std::string err = verdict(r, text);
      ++tried;
      if (!err.empty()) {
        failed.insert(p);
        EXPECT_EQ(err, detail::at_path(message_path(p), detail::kMissing));
        continue;
      }
      // still normalised, and still the mapping of what the server sent
      const std::string out = normalized(r, text);
      EXPECT_TRUE(same_json(Json::parse(out), mapped_document(r, without))) << p;
    }
    EXPECT_GT(tried, r.page ? 70u : 50u);
    EXPECT_EQ(failed, expected);
    // what the exact set is, per shape: the service's id and its embedded entities' ids
    std::set<std::string> generic_failed;
    for (const auto& p : failed) generic_failed.insert(generic(r, p));
    std::set<std::string> want = {"id"};
    want.insert(r.shape == Shape::s3 ? "resources/user/id" : "body/user/id");
    if (r.shape != Shape::s3 && r.hydrated) want.insert("metadata/project/id");
    if (r.page) want.insert({"index", "max_size", "total_pages", "total", "items"});
    EXPECT_EQ(generic_failed, want);
  }
}

TEST(CompatDecode, AWrongTypeFailsExactlyForTheFieldsOfTheSchema) {
  for (const auto& r : records()) {
    SCOPED_TRACE(r.file);
    std::vector<std::string> paths;
    key_paths(r.body, "", paths);
    if (r.page) {
      for (std::size_t i = 0; i < r.body["items"].size(); ++i)
        paths.push_back("/items/" + std::to_string(i));
    }
    std::set<std::string> failed, expected;
    for (const auto& p : paths) {
      if (kSchema.count(generic(r, p))) expected.insert(p);
      Json j = r.body;
      j[Json::json_pointer(p)] = Json::array();
      const std::string err = verdict(r, dump(j));
      if (err.empty()) continue;
      failed.insert(p);
      EXPECT_EQ(err.rfind(message_path(p) + ": expected ", 0), 0u) << err;
    }
    EXPECT_EQ(failed, expected);
    EXPECT_GT(expected.size(), r.page ? 40u : 20u);
  }
}

TEST(CompatDecode, UnknownKeysAtEveryLevelAreAcceptedAndKept) {
  const Json extra = Json::parse(R"({"deep":[1,{"x":[null,true,"\u00e9"]}],"n":-1.5e-7,"id":7})");
  for (const auto& r : records()) {
    SCOPED_TRACE(r.file);
    std::vector<std::string> objects;
    object_paths(r.body, "", objects);
    Json all = r.body;
    for (const auto& p : objects) {
      if (p.size() >= 7 && p.compare(p.size() - 7, 7, "/labels") == 0)
        continue;  // its keys are data
      Json j = r.body;
      j[Json::json_pointer(p)]["zz_future"] = extra;
      all[Json::json_pointer(p)]["zz_future"] = extra;
      const std::string text = dump(j);
      ASSERT_EQ(verdict(r, text), "") << p;
      const Json out = Json::parse(normalized(r, text));
      EXPECT_EQ(out[Json::json_pointer(p + "/zz_future")], extra) << p;
      EXPECT_TRUE(same_json(out, mapped_document(r, j))) << p;
    }
    const std::string text = dump(all);
    ASSERT_EQ(verdict(r, text), "");
    EXPECT_TRUE(same_json(Json::parse(normalized(r, text)), mapped_document(r, all)));
  }
}

TEST(CompatDecode, DuplicateKeysFollowTheLastOneAsJsonParseDoes) {
  // 0.80.2's create with a second body.user (null) and a second metadata (null) after the first
  const Json create = Json::parse(
      read_file(std::filesystem::path(ZSW_FIXTURES_ROOT) / "compat/0.80.2-create.json"))["body"];
  std::string text = dump(create);
  ASSERT_EQ(text.back(), '}');
  text.pop_back();
  text += R"(,"metadata":null})";
  std::string body_dup = dump(create["body"]);
  body_dup.pop_back();
  body_dup += R"(,"user":null})";
  const std::string at = dump(create["body"]);
  text.replace(text.find(at), at.size(), body_dup);
  ASSERT_TRUE(validate_service(text));
  ASSERT_TRUE(decode_service(text));
  std::string out = text;
  ASSERT_TRUE(normalize_service(out));
  const Json got = Json::parse(out);  // the last of each duplicate wins
  EXPECT_TRUE(got["body"]["user_id"].is_null());
  EXPECT_FALSE(got["body"].contains("project_id")) << "the last metadata is null: no project";
  EXPECT_TRUE(got["resources"]["user"].is_null());
  auto s = decode_service(text);
  EXPECT_FALSE(s->body->user_id);
  EXPECT_FALSE(s->body->project_id);
  EXPECT_FALSE(s->metadata);
  ASSERT_TRUE(s->resources);
  EXPECT_FALSE(s->resources->user);
}

// ---------------------------------------------------------------------------------------------
// A write is never lost track of
// ---------------------------------------------------------------------------------------------

namespace {

std::string create_080() {
  return dump(Json::parse(
      read_file(std::filesystem::path(ZSW_FIXTURES_ROOT) / "compat/0.80.2-create.json"))["body"]);
}

}  // namespace

TEST(CompatWrite, AnUnreadableAnswerToAnAcceptedWriteCarriesTheId) {
  const std::string good = create_080();
  const std::string id = Json::parse(good)["id"];
  Json bad_type = Json::parse(good);
  bad_type["body"]["created"] = 5;                           // a type that cannot be read
  const std::string cut = good.substr(0, good.size() - 30);  // cut off after the id
  Json no_id = Json::parse(good);
  no_id.erase("id");

  struct Case {
    std::string text;
    std::string known;  // the id an update was sent to ("" for a create)
    std::string want_id;
  };
  const std::string other = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  for (const Case& c :
       {Case{dump(bad_type), "", id}, Case{cut, "", id}, Case{dump(no_id), "", ""},
        Case{dump(no_id), other, other}, Case{"<html>bad gateway</html>", other, other},
        Case{good.substr(0, 40), "", ""}}) {
    SCOPED_TRACE(c.text.substr(0, 80));
    auto r = decode_written_service(c.text, 200, c.known);
    ASSERT_FALSE(r);
    const Error& e = r.error();
    EXPECT_EQ(e.code, ErrorCode::bad_response);
    EXPECT_EQ(e.reason, ErrorReason::write_accepted);
    EXPECT_EQ(to_string(e.reason), "write_accepted");
    EXPECT_EQ(e.status, 200);
    EXPECT_EQ(e.id, c.want_id);
    EXPECT_EQ(e.raw_body, c.text);
    EXPECT_EQ(e.message.rfind("the server accepted the write (HTTP 200)", 0), 0u) << e.message;
  }
  // a readable answer is no error; any other failure keeps its own reason
  EXPECT_TRUE(decode_written_service(good, 200, ""));
  const Error other_error = write_accepted(Error::make(ErrorCode::conflict, "exists"), 409, "{}");
  EXPECT_EQ(other_error.reason, ErrorReason::none);
}

TEST(CompatWrite, TheClientReportsAnAcceptedCreateOrUpdateItCannotRead) {
  auto t = std::make_shared<zenml::testing::FakeTransport>();
  ClientOptions o;
  o.base_url = "http://zenml.test";
  o.limits.max_bytes = 100000;
  auto c = Client::create(t, o).value();
  const std::string good = create_080();
  const std::string id = Json::parse(good)["id"];
  Json bad = Json::parse(good);
  bad["body"]["service_type"] = "model-serving";
  std::string answer = dump(bad);
  t->handler = [&](const zenml::testing::FakeTransport::Sent&, double&) {
    return zenml::testing::FakeTransport::reply(200, answer);
  };
  ServiceRequest req;
  req.project = "d5cedca1-843e-419e-abff-2dbdb6ca909b";
  req.name = "svc";
  req.service_type = {"model-serving", "mlflow", "", "", ""};

  std::optional<Result<Service>> got;
  c->create_service(req, std::nullopt, [&](Result<Service> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ(got->error().reason, ErrorReason::write_accepted);
  EXPECT_EQ(got->error().id, id);
  EXPECT_NE(got->error().message.find("body.service_type: expected an object, got string"),
            std::string::npos);

  // 0.80.2's own answer, unmodified, is read (normalised): no error at all
  answer = good;
  got.reset();
  c->create_service(req, std::nullopt, [&](Result<Service> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->id, id);
  EXPECT_EQ((*got)->body->user_id, Json::parse(good)["body"]["user"]["id"].get<std::string>());

  // an update: an answer too large to read still says which service was written
  const std::string target = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  answer = std::string(200000, ' ');
  ServiceUpdate u;
  u.name = "renamed";
  got.reset();
  c->update_service(target, u, [&](Result<Service> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ(got->error().reason, ErrorReason::write_accepted);
  EXPECT_EQ(got->error().id, target);
  EXPECT_EQ(got->error().status, 200);

  // a refused write is not an accepted one
  t->handler = [&](const zenml::testing::FakeTransport::Sent&, double&) {
    return zenml::testing::FakeTransport::reply(409,
                                                R"({"detail":["EntityExistsError","exists"]})");
  };
  got.reset();
  c->create_service(req, std::nullopt, [&](Result<Service> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ(got->error().code, ErrorCode::conflict);
  EXPECT_EQ(got->error().reason, ErrorReason::none);
  EXPECT_TRUE(got->error().id.empty());
}

TEST(CompatWrite, TheTextForJsIsNormalisedByTheClient) {
  auto t = std::make_shared<zenml::testing::FakeTransport>();
  ClientOptions o;
  o.base_url = "http://zenml.test";
  o.server_version = "0.80.2";  // pinned: the fake answers every request with the page
  auto c = Client::create(t, o).value();
  const Json page = Json::parse(
      read_file(std::filesystem::path(ZSW_FIXTURES_ROOT) / "compat/0.80.2-list.json"))["body"];
  t->handler = [&](const zenml::testing::FakeTransport::Sent&, double&) {
    return zenml::testing::FakeTransport::reply(200, dump(page));
  };
  std::optional<Result<std::string>> got;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && *got);
  const Json out = Json::parse(**got);
  EXPECT_EQ(out["items"][0]["body"]["user_id"], page["items"][0]["body"]["user"]["id"]);
  EXPECT_EQ(out["items"][1]["resources"]["user"], page["items"][1]["body"]["user"]);

  // the calls for JS of a create and an update: the normalised text, or write_accepted
  const std::string created = create_080();
  std::string answer = created;
  t->handler = [&](const zenml::testing::FakeTransport::Sent&, double&) {
    return zenml::testing::FakeTransport::reply(200, answer);
  };
  ServiceRequest req;
  req.project = "d5cedca1-843e-419e-abff-2dbdb6ca909b";
  req.name = "svc";
  req.service_type = {"model-serving", "mlflow", "", "", ""};
  got.reset();
  c->create_service_json(req, std::nullopt, [&](Result<std::string> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && *got);
  EXPECT_EQ(Json::parse(**got)["body"]["user_id"], Json::parse(created)["body"]["user"]["id"]);
  answer = created.substr(0, created.size() / 2);
  for (const bool update : {false, true}) {
    const std::string target = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    got.reset();
    ServiceUpdate u;
    u.name = "n";
    if (update) {
      c->update_service_json(target, u, [&](Result<std::string> r) { got = std::move(r); });
    } else {
      c->create_service_json(req, std::nullopt, [&](Result<std::string> r) { got = std::move(r); });
    }
    t->run();
    ASSERT_TRUE(got && !*got);
    EXPECT_EQ(got->error().reason, ErrorReason::write_accepted);
    EXPECT_EQ(got->error().id, update ? target : "");
    EXPECT_EQ(got->error().raw_body, answer);
  }
}
