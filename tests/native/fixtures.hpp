// Reading test fixtures from tests/fixtures/ (ZSW_FIXTURES_ROOT, set by CMake; under wasm the
// real file system is reached through NODERAWFS).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace zenml::testing {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

/// The fixture at `relative` (e.g. "page_plain.json", "errors/401.json"); fails the test if empty.
inline std::string fixture(const std::string& relative) {
  const std::string text = read_file(std::filesystem::path(ZSW_FIXTURES_ROOT) / relative);
  EXPECT_FALSE(text.empty()) << relative;
  return text;
}

/// One recorded response of the real server (tests/fixtures/live/*.json, written by
/// scripts/record-fixtures.mjs): `{ request: {method, path}, status, headers, body }`.
struct LiveRecord {
  std::string file;
  std::string method;
  std::string path;
  int status = 0;
  std::string body;
  nlohmann::json headers = nlohmann::json::object();
};

/// Every well-formed record; a missing folder or no record at all fails the calling test.
inline std::vector<LiveRecord> live_records() {
  std::vector<LiveRecord> out;
  const auto dir = std::filesystem::path(ZSW_FIXTURES_ROOT) / "live";
  if (!std::filesystem::exists(dir)) {
    ADD_FAILURE() << dir << " is missing: regenerate it with node scripts/record-fixtures.mjs";
    return out;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const auto rec = nlohmann::json::parse(read_file(entry.path()), nullptr, false);
    if (!rec.is_object() || !rec.contains("status") || !rec["status"].is_number_integer() ||
        !rec.contains("body") || !rec["body"].is_string()) {
      continue;
    }
    LiveRecord r;
    r.file = entry.path().filename().string();
    r.status = rec["status"].get<int>();
    r.body = rec["body"].get<std::string>();
    if (rec.contains("request") && rec["request"].is_object()) {
      r.method = rec["request"].value("method", "");
      r.path = rec["request"].value("path", "");
    }
    if (rec.contains("headers") && rec["headers"].is_object()) r.headers = rec["headers"];
    out.push_back(std::move(r));
  }
  EXPECT_FALSE(out.empty()) << "no records in " << dir;
  return out;
}

}  // namespace zenml::testing
