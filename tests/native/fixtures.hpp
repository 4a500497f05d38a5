// Reading test fixtures from tests/fixtures/ (ZSW_FIXTURES_ROOT, set by CMake; under wasm the
// real file system is reached through NODERAWFS).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace zenml::testing
