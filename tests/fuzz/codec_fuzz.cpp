// libFuzzer target for the codec: the DOM-free validator and the nlohmann decoder must agree on
// every input (ok/not-ok, the page header, and the exact message of schema errors), and the
// scanner's normalised text of a valid input must read back to the Decoder's models; the other
// decoders and the error mapping must never crash.
//
//   cmake -S . -B build-fuzz -DZSW_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++
//   cmake --build build-fuzz --target codec_fuzz
//   mkdir -p /tmp/codec-corpus   # FIRST corpus dir receives new units: never a source folder
//   ./build-fuzz/codec_fuzz -max_total_time=60 -dict=tests/fuzz/codec_fuzz.dict /tmp/codec-corpus
//   tests/fixtures
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "zenml/decode.hpp"
#include "zenml/error_mapping.hpp"
#include "zenml/scanner.hpp"

namespace {

bool is_syntax(const std::string& m) {
  return m.rfind("invalid JSON", 0) == 0;
}

[[noreturn]] void disagree(const char* what, std::string_view input, const std::string& a,
                           const std::string& b) {
  std::fprintf(stderr,
               "\n%s disagree\n  validator: %s\n  decoder:   %s\n  input (%zu bytes): %.*s\n", what,
               a.c_str(), b.c_str(), input.size(),
               static_cast<int>(input.size() < 2000 ? input.size() : 2000), input.data());
  std::abort();
}

template <class V, class D>
void check_agree(const char* what, std::string_view input, const V& v, const D& d) {
  const std::string vm = v ? "ok" : v.error().message;
  const std::string dm = d ? "ok" : d.error().message;
  if (v.ok() != d.ok()) disagree(what, input, vm, dm);
  if (!v.ok()) {
    if (v.error().code != zenml::ErrorCode::bad_response ||
        d.error().code != zenml::ErrorCode::bad_response) {
      disagree(what, input, vm, dm);
    }
    if ((!is_syntax(vm) || !is_syntax(dm)) && vm != dm) disagree(what, input, vm, dm);
  }
}

/// The parts of a model the normalisation fills: the same whether the Decoder read the
/// server's text or the scanner's normalised text.
bool same_model(const zenml::Service& a, const zenml::Service& b) {
  auto ref_id = [](const std::optional<zenml::ResourceRef>& r) {
    return r ? std::optional<std::string>(r->id) : std::nullopt;
  };
  if (a.id != b.id || a.name != b.name || a.body.has_value() != b.body.has_value() ||
      a.metadata.has_value() != b.metadata.has_value() ||
      a.resources.has_value() != b.resources.has_value()) {
    return false;
  }
  if (a.body && (a.body->user_id != b.body->user_id || a.body->project_id != b.body->project_id))
    return false;
  if (a.resources && (ref_id(a.resources->user) != ref_id(b.resources->user) ||
                      (a.resources->user && a.resources->user->raw != b.resources->user->raw))) {
    return false;
  }
  return !a.metadata || ref_id(a.metadata->project) == ref_id(b.metadata->project);
}

/// A valid text, normalised by the scanner: valid for both readers, normalised for good (a
/// second pass changes nothing), and read by the Decoder into the same models as the original.
template <class Models, class Normalize, class Decode, class Same>
void check_normalized(const char* what, std::string_view text, const zenml::DecodeLimits& limits,
                      const Models& models, Normalize normalize, Decode decode, Same same) {
  std::string out(text);
  const auto r = normalize(out, limits);
  if (!r) disagree(what, text, "normalize failed on a valid text", r.error().message);
  if (out == text) return;
  zenml::DecodeLimits wide = limits;  // the insertions may make the text longer, never deeper
  if (out.size() > wide.max_bytes) wide.max_bytes = out.size();
  std::string again = out;
  if (!normalize(again, wide) || again != out)
    disagree(what, out, "normalising twice changed the text", "");
  const auto d = decode(out, wide);
  if (!d || !same(models, *d))
    disagree(what, out, "the normalised text decodes to other models", d ? "" : d.error().message);
}

void run(std::string_view text, const zenml::DecodeLimits& limits) {
  const auto vp = zenml::validate_page(text, limits);
  const auto dp = zenml::decode_page_with_limits(text, limits);
  check_agree("page", text, vp, dp);
  if (vp && (vp->index != dp->index || vp->max_size != dp->max_size ||
             vp->total_pages != dp->total_pages || vp->total != dp->total ||
             vp->item_count != dp->items.size())) {
    disagree("page header", text, "", "");
  }
  if (vp) {
    check_normalized(
        "normalized page", text, limits, *dp,
        [](std::string& t, const zenml::DecodeLimits& l) { return zenml::normalize_page(t, l); },
        [](std::string_view t, const zenml::DecodeLimits& l) {
          return zenml::decode_page_with_limits(t, l);
        },
        [](const zenml::Page<zenml::Service>& a, const zenml::Page<zenml::Service>& b) {
          if (a.items.size() != b.items.size()) return false;
          for (std::size_t i = 0; i < a.items.size(); ++i) {
            if (!same_model(a.items[i], b.items[i])) return false;
          }
          return true;
        });
  }
  const auto vs = zenml::validate_service(text, limits);
  const auto ds = zenml::decode_service_with_limits(text, limits);
  check_agree("service", text, vs, ds);
  if (vs) {
    check_normalized(
        "normalized service", text, limits, *ds,
        [](std::string& t, const zenml::DecodeLimits& l) { return zenml::normalize_service(t, l); },
        [](std::string_view t, const zenml::DecodeLimits& l) {
          return zenml::decode_service_with_limits(t, l);
        },
        same_model);
    // an accepted write whose answer is this text: readable, so no write_accepted
    if (!zenml::decode_written_service(text, 200, "", limits))
      disagree("written service", text, "", "");
  } else {
    const auto w = zenml::decode_written_service(text, 200, "", limits);
    if (w || w.error().reason != zenml::ErrorReason::write_accepted || w.error().raw_body != text) {
      disagree("written service", text, "write_accepted expected", w ? "ok" : w.error().message);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  run(text, zenml::DecodeLimits{});
  zenml::DecodeLimits tight;
  tight.max_depth = 6;
  tight.max_bytes = 4096;
  run(text, tight);

  static_cast<void>(zenml::decode_server_info(text));
  static_cast<void>(zenml::decode_token(text));
  static_cast<void>(zenml::decode_delete(text));

  const int status = size > 0 ? 400 + data[0] % 200 : 500;
  zenml::Headers headers;
  if (size > 1) headers.emplace_back("Retry-After", std::string(text.substr(1, data[1] % 8)));
  const zenml::Error e = zenml::error_from_response(status, text, headers);
  if (e.message.empty() || e.status != status || e.raw_body.size() != size) std::abort();
  return 0;
}
