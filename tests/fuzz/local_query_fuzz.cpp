// libFuzzer target for local_query: a filter parsed from the first line of the input, evaluated
// over services that are either decoded from the rest (a Page or a JSON array of services) or
// built field by field from the remaining bytes (reaching odd names, timestamps, labels, users
// and configs that random JSON rarely decodes into). It must never crash, and the page it
// returns must be consistent:
//   * local_query and local_query_indices agree (same items, same order, same header);
//   * every item matches the filter, `total` counts exactly the matching services, the page
//     holds min(size, total - (page-1)*size) items, total_pages = max(1, ceil(total/size));
//   * an invalid filter is invalid_argument, a page past the end bad_request "Invalid page …";
//   * sort_services is a permutation, and sorting twice gives the same order (stable, total).
//
//   bash scripts/fuzz.sh 60
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "zenml/decode.hpp"
#include "zenml/filter.hpp"
#include "zenml/local_query.hpp"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\nlocal_query_fuzz: %s %s\n", what, detail.c_str());
  std::abort();
}

constexpr const char* kUuids[] = {
    "3fa85f64-5717-4562-b3fc-2c963f66afa6", "00000000-0000-0000-0000-000000000000",
    "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "b6dd85bc-4cdf-4b4b-9b5a-0123456789ab",
    "b6dd85bc-4cdf-4b4b-9b5a-0123456789ac"};
constexpr const char* kTimes[] = {
    "2026-01-01T00:00:00", "2026-01-01T00:00:00.5",     "2026-01-01T00:00:00.999999",
    "2026-01-01T00:00:01", "1970-01-01T00:00:00",       "9999-12-31T23:59:59.999999",
    "0001-01-01T00:00:00", "2026-02-28T12:00:00+01:00", "2026-02-28T12:00:00Z"};

std::string pick_uuid(FuzzedDataProvider& p) {
  if (p.ConsumeBool()) return kUuids[p.ConsumeIntegralInRange<std::size_t>(0, 4)];
  return p.ConsumeRandomLengthString(40);
}

std::optional<std::string> maybe_string(FuzzedDataProvider& p, std::size_t max = 24) {
  if (p.ConsumeIntegralInRange<int>(0, 3) == 0) return std::nullopt;
  return p.ConsumeRandomLengthString(max);
}

zenml::Timestamp timestamp(FuzzedDataProvider& p) {
  zenml::Timestamp t;
  // Only what a decoder can produce: text and epoch agree (the decoder refuses other text).
  t.text = p.ConsumeBool() ? p.ConsumeRandomLengthString(32) : std::string();
  auto ms = zenml::detail::parse_timestamp_ms(t.text);
  if (!ms) {
    t.text = kTimes[p.ConsumeIntegralInRange<std::size_t>(0, 8)];
    ms = zenml::detail::parse_timestamp_ms(t.text);
  }
  t.epoch_ms = *ms;
  return t;
}

zenml::ResourceRef ref(FuzzedDataProvider& p) {
  zenml::ResourceRef r;
  r.id = pick_uuid(p);
  r.name = p.ConsumeRandomLengthString(16);
  r.raw = {{"id", r.id}, {"name", r.name}};
  if (p.ConsumeBool()) {
    // full_name may be missing, null, a string or (in hostile data) another type
    switch (p.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:
        r.raw["body"] = {{"full_name", p.ConsumeRandomLengthString(16)}};
        break;
      case 1:
        r.raw["body"] = {{"full_name", nullptr}};
        break;
      case 2:
        r.raw["body"] = {{"full_name", 42}};
        break;
      default:
        r.raw["body"] = p.ConsumeRandomLengthString(8);
        break;
    }
  }
  return r;
}

zenml::Service build_service(FuzzedDataProvider& p) {
  zenml::Service s;
  s.id = pick_uuid(p);
  s.name = p.ConsumeRandomLengthString(24);
  if (p.ConsumeIntegralInRange<int>(0, 7) != 0) {
    zenml::ServiceBody b;
    b.created = timestamp(p);
    b.updated = timestamp(p);
    if (p.ConsumeBool()) b.user_id = pick_uuid(p);
    b.project_id = kUuids[0];
    b.service_type.type = p.ConsumeRandomLengthString(12);
    b.service_type.flavor = p.ConsumeRandomLengthString(12);
    if (p.ConsumeBool()) {
      zenml::Labels l;
      const int n = p.ConsumeIntegralInRange<int>(0, 3);
      for (int i = 0; i < n; ++i)
        l[p.ConsumeRandomLengthString(6)] = p.ConsumeRandomLengthString(6);
      b.labels = std::move(l);
    }
    if (p.ConsumeBool()) b.state = zenml::ServiceState{p.ConsumeRandomLengthString(10)};
    s.body = std::move(b);
  }
  if (p.ConsumeBool()) {
    zenml::ServiceMetadata m;
    switch (p.ConsumeIntegralInRange<int>(0, 4)) {
      case 0:
        break;
      case 1:
        m.config = {{"pipeline_name", p.ConsumeRandomLengthString(12)},
                    {"pipeline_step_name", p.ConsumeRandomLengthString(12)}};
        break;
      case 2:
        m.config = {{"pipeline_name", nullptr}, {"pipeline_step_name", 3.5}};
        break;
      case 3:
        m.config = {{"pipeline_name", {1, 2}}, {"pipeline_step_name", {{"a", "b"}}}};
        break;
      default:
        m.config = p.ConsumeRandomLengthString(8);
        break;  // not even an object
    }
    m.prediction_url = maybe_string(p);
    s.metadata = std::move(m);
  }
  if (p.ConsumeBool()) {
    zenml::ServiceResources r;
    if (p.ConsumeBool()) r.user = ref(p);
    if (p.ConsumeBool()) r.pipeline_run = ref(p);
    if (p.ConsumeBool()) r.model_version = ref(p);
    s.resources = std::move(r);
  }
  return s;
}

void check(const std::vector<zenml::Service>& services, const zenml::ServiceFilter& f) {
  auto idx = zenml::local_query_indices(services, f);
  auto page = zenml::local_query(services, f);
  if (idx.ok() != page.ok()) fail("local_query and local_query_indices disagree on success");
  if (!idx) {
    const auto& e = idx.error();
    const bool invalid = e.code == zenml::ErrorCode::invalid_argument;
    const bool past_end =
        e.code == zenml::ErrorCode::bad_request && e.message.rfind("Invalid page ", 0) == 0;
    if (!invalid && !past_end) fail("unexpected error", e.message);
    if (e.message != page.error().message) fail("error messages differ");
    if (past_end && !f.validate()) fail("a past-the-end page for an invalid filter");
    return;
  }
  if (!f.validate()) fail("local_query succeeded with an invalid filter");
  const std::int64_t size = f.size.value_or(zenml::kPageSizeDefault);
  std::int64_t total = 0;
  for (const auto& s : services) total += zenml::matches(s, f) ? 1 : 0;
  if (idx->total != total) fail("total is not the number of matching services");
  const std::int64_t pages = total == 0 ? 1 : (total + size - 1) / size;
  if (idx->total_pages != pages || idx->max_size != size || idx->index != f.page.value_or(1)) {
    fail("page header");
  }
  const std::int64_t expect_items =
      std::max<std::int64_t>(0, std::min(size, total - (idx->index - 1) * size));
  if (static_cast<std::int64_t>(idx->items.size()) != expect_items) fail("item count");
  if (page->items.size() != idx->items.size() || page->total != idx->total)
    fail("page and indices differ");
  for (std::size_t k = 0; k < idx->items.size(); ++k) {
    const std::size_t i = idx->items[k];
    if (i >= services.size()) fail("index out of range");
    if (!zenml::matches(services[i], f)) fail("an item that does not match");
    if (page->items[k].id != services[i].id || page->items[k].name != services[i].name)
      fail("item order differs");
  }
  // sorting: a stable permutation, idempotent
  std::vector<std::size_t> order(services.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  zenml::sort_indices(services, order, f);
  std::vector<std::size_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i] != i) fail("sort_indices is not a permutation");
  }
  std::vector<zenml::Service> copy;
  for (std::size_t i : order) copy.push_back(services[i]);
  std::vector<std::size_t> again(copy.size());
  for (std::size_t i = 0; i < again.size(); ++i) again[i] = i;
  zenml::sort_indices(copy, again, f);
  for (std::size_t i = 0; i < again.size(); ++i) {
    if (again[i] != i) fail("sorting a sorted list moved an item");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view all(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::uint8_t mode = data[0];
  const auto nl = all.find('\n');
  const std::string_view query = nl == std::string_view::npos ? all : all.substr(0, nl);
  const std::string_view rest =
      nl == std::string_view::npos ? std::string_view{} : all.substr(nl + 1);

  auto parsed = zenml::ServiceFilter::parse_query(query);
  zenml::ServiceFilter f;
  if (parsed) {
    f = std::move(*parsed);
  } else {
    // still exercise the evaluator: an unvalidated filter with the raw text as conditions
    f.name.push_back(zenml::Condition::parse(query));
    f.created.push_back(zenml::Condition::parse(query));
    f.id.push_back(zenml::Condition::parse(query));
  }
  if (mode & 0x80) f.logical_operator = zenml::LogicalOperator::or_;

  std::vector<zenml::Service> services;
  switch (mode % 3) {
    case 0: {  // a page as the server sends it
      auto page = zenml::decode_page(rest);
      if (page) services = std::move(page->items);
      break;
    }
    case 1: {  // a JSON array of services (what matchServices() receives)
      auto list = zenml::decode_service_list(rest);
      if (list) services = std::move(*list);
      break;
    }
    default: {
      FuzzedDataProvider p(reinterpret_cast<const std::uint8_t*>(rest.data()), rest.size());
      const int n = p.ConsumeIntegralInRange<int>(0, 24);
      for (int i = 0; i < n && p.remaining_bytes() > 0; ++i) services.push_back(build_service(p));
      break;
    }
  }
  check(services, f);
  if (parsed && !(mode & 0x80)) {  // the same with OR, and with every sortable field both ways
    zenml::ServiceFilter g = f;
    g.logical_operator = zenml::LogicalOperator::or_;
    check(services, g);
    if (mode & 0x40) {
      for (auto field : zenml::ServiceFilter::sortable_fields()) {
        g.sort_by = zenml::SortBy{std::string(field),
                                  (mode & 0x20) ? zenml::SortOrder::desc : zenml::SortOrder::asc};
        g.page.reset();
        check(services, g);
      }
    }
  }
  return 0;
}
