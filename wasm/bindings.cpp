// zenml-services-wasm — embind surface (thin; no logic lives here).
#include <emscripten/bind.h>

#include <string>

namespace {
std::string version() { return "0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(zenml_services) {
  emscripten::function("version", &version);
}
