#include "plugin_host/HookDispatcher.h"

#include "core/Log.h"
#include "plugin_host/PluginConfig.h"

#include "core/Json.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace atrium::plugin_host {
namespace {


rapidjson::Value str(std::string_view s, rapidjson::Document::AllocatorType& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

void setMember(rapidjson::Value& obj, const char* key, rapidjson::Value value, rapidjson::Document::AllocatorType& a) {
  auto it = obj.FindMember(key);
  if (it != obj.MemberEnd()) it->value = std::move(value);
  else obj.AddMember(rapidjson::Value(key, a), std::move(value), a);
}

/// Copies the fields a hook lets a filter change from `patch` into `doc`. Returns the
/// names of fields it ignored.
std::vector<std::string> applyPatch(HookId hook, const std::string& pluginId, rapidjson::Document& doc, rapidjson::Value& patch) {
  auto& a = doc.GetAllocator();
  std::vector<std::string> ignored;
  for (auto& m : patch.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    bool applied = false;
    switch (hook) {
    case HookId::SecondFactor:
      if (key == "challenge" && (!doc.HasMember("challenge") || doc["challenge"].IsNull()) && m.value.IsObject()) {
        setMember(doc, "challenge", rapidjson::Value(m.value, a), a);
        setMember(doc, "challenge_issuer", str(pluginId, a), a);
        applied = true;
      }
      break;
    case HookId::SessionPolicy:
      if (key == "policy" && m.value.IsObject() && doc.HasMember("policy") && doc["policy"].IsObject()) {
        auto& policy = doc["policy"];
        for (const char* limit : {"idle_timeout_s", "absolute_timeout_s"}) {
          auto p = m.value.FindMember(limit);
          if (p == m.value.MemberEnd() || !p->value.IsInt64()) continue;
          auto cur = policy.FindMember(limit);
          if (cur == policy.MemberEnd() || !cur->value.IsInt64() || p->value.GetInt64() < cur->value.GetInt64())
            setMember(policy, limit, rapidjson::Value(p->value.GetInt64()), a); // only ever lower
        }
        if (auto n = m.value.FindMember("login_notice"); n != m.value.MemberEnd() && n->value.IsObject())
          setMember(policy, "login_notice", rapidjson::Value(n->value, a), a);
        applied = true;
      }
      break;
    case HookId::NotificationRender:
      if (key == "notification" && m.value.IsObject() && doc.HasMember("notification")) {
        for (const char* field : {"subject", "text", "html"}) {
          auto f = m.value.FindMember(field);
          if (f != m.value.MemberEnd() && (f->value.IsString() || f->value.IsNull()))
            setMember(doc["notification"], field, rapidjson::Value(f->value, a), a);
        }
        applied = true;
      }
      break;
    case HookId::PrivacyExport:
      if (key == "section" && m.value.IsObject()) {
        if (!doc.HasMember("plugins")) doc.AddMember("plugins", rapidjson::Value(rapidjson::kObjectType), a);
        setMember(doc["plugins"], pluginId.c_str(), rapidjson::Value(m.value, a), a);
        applied = true;
      }
      break;
    case HookId::HttpRequest:
      if (key == "response" && m.value.IsObject()) {
        setMember(doc, "response", rapidjson::Value(m.value, a), a);
        applied = true;
      }
      break;
    default: break;
    }
    if (!applied) ignored.emplace_back(key);
  }
  return ignored;
}

} // namespace

std::string faultText(std::string_view text) {
  // A plugin's diagnostic may quote what it was handed: keep it short, on one line, and
  // without what looks like an email address or a phone number.
  std::string out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < 240) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
      ++i;
      continue;
    }
    if (std::isdigit(c) || (c == '+' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      // a run of 6+ digits (with spaces, dashes, dots, +) reads as a phone number
      std::size_t j = i, digits = 0;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || std::strchr(" -.+()", text[j]))) {
        if (std::isdigit(static_cast<unsigned char>(text[j]))) ++digits;
        ++j;
      }
      if (digits >= 6) {
        out += "[number]";
        i = j;
        continue;
      }
    }
    out += static_cast<char>(c);
    ++i;
  }
  for (std::size_t at = out.find('@'); at != std::string::npos; at = out.find('@', at + 1)) { // user@host → [email]
    std::size_t b = at, e = at + 1;
    auto word = [](char ch) { return !std::isspace(static_cast<unsigned char>(ch)) && ch != '"' && ch != '\'' && ch != ','; };
    while (b > 0 && word(out[b - 1])) --b;
    while (e < out.size() && word(out[e])) ++e;
    if (b == at || e == at + 1) continue;
    // an address has a domain with a dot and letters ("example.org"); a hook or domain-call
    // id ("client.bookings@1") has a version number after its @
    std::string_view domain(out.data() + at + 1, e - at - 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot + 1 >= domain.size() || !std::isalpha(static_cast<unsigned char>(domain[dot + 1]))) continue;
    out.replace(b, e - b, "[email]");
    at = b;
  }
  if (out.size() > 200 || i < text.size()) { // cut at a UTF-8 boundary
    std::size_t cut = std::min<std::size_t>(out.size(), 200);
    while (cut > 0 && cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "…";
  }
  return out;
}

const HookDispatcher::Enabled* HookDispatcher::Snapshot::find(const std::string& id) const {
  for (const auto& e : plugins)
    if (e.id == id) return &e;
  return nullptr;
}

std::shared_ptr<const HookDispatcher::Snapshot> HookDispatcher::snapshot(const BusinessRef& business) {
  {
    std::shared_lock lock(cacheMutex_);
    auto it = cache_.find(business.id);
    if (it != cache_.end() && it->second->version == business.featuresVersion) return it->second;
  }
  return load(business);
}

std::shared_ptr<const HookDispatcher::Snapshot> HookDispatcher::load(const BusinessRef& business) {
  auto snap = std::make_shared<Snapshot>();
  snap->version = business.featuresVersion;
  struct Row {
    std::string id, config;
    bool suspended;
  };
  std::vector<Row> rows;
  {
    // Installation availability is the administrator's switch (off means off); a suspension
    // after faults, per business or (set by earlier versions) installation-wide, fails closed.
    auto lease = database_.acquire();
    lease->forEach("SELECT f.plugin_id, f.config_json, CASE WHEN f.suspended_at IS NOT NULL OR i.safe_mode = 1 THEN 1 ELSE 0 END "
                   "FROM business_features f LEFT JOIN plugin_installations i ON i.plugin_id = f.plugin_id "
                   "WHERE f.business_id = ? AND f.enabled = 1 AND (i.plugin_id IS NULL OR i.available = 1)",
                   {business.id}, [&rows](const store::Row& r) { rows.push_back({r.getText(0), r.getText(1), r.getInt(2) != 0}); });
  }
  for (auto& row : rows) {
    LoadedPlugin* plugin = registry_.active(row.id);
    if (!plugin && registry_.failedPluginHooks(row.id).empty()) continue; // uninstalled: nothing is known that it guarded
    snap->plugins.push_back(Enabled{plugin, row.id, std::move(row.config), row.suspended || !plugin});
  }
  auto priority = [](const Enabled& e) { return e.plugin ? e.plugin->manifest().priority : 0; };
  std::sort(snap->plugins.begin(), snap->plugins.end(), [&](const Enabled& a, const Enabled& b) {
    if (priority(a) != priority(b)) return priority(a) < priority(b);
    return a.id < b.id;
  });
  for (const auto& e : snap->plugins) {
    if (!e.plugin) { // failed to load: it still guards what its manifest declared
      for (HookId hook : registry_.failedPluginHooks(e.id)) snap->blocked[static_cast<std::size_t>(hook)].push_back(&e);
      continue;
    }
    for (const auto& info : hookCatalog()) {
      if (!e.plugin->library->handler(info.id)) continue;
      if (e.suspended) snap->blocked[static_cast<std::size_t>(info.id)].push_back(&e);
      else if (!info.targeted) snap->byHook[static_cast<std::size_t>(info.id)].push_back(&e);
    }
  }
  std::unique_lock lock(cacheMutex_);
  auto& slot = cache_[business.id];
  if (!slot || slot->version <= snap->version) slot = snap;
  return snap;
}

bool HookDispatcher::idle() const { return registry_.activePlugins().empty() && !registry_.hasFailed(); }

bool HookDispatcher::enabledFor(const BusinessRef& business, const std::string& pluginId) {
  if (idle()) return false;
  return snapshot(business)->find(pluginId) != nullptr;
}

bool HookDispatcher::listens(const BusinessRef& business, HookId hook) {
  if (idle()) return false;
  auto snap = snapshot(business);
  return !snap->byHook[static_cast<std::size_t>(hook)].empty() || !snap->blocked[static_cast<std::size_t>(hook)].empty();
}

HookOutcome HookDispatcher::unavailable(const std::string& pluginId) {
  HookOutcome outcome;
  outcome.ran = true;
  outcome.kind = HookOutcome::Kind::Failed;
  outcome.pluginId = pluginId;
  outcome.status = ATRIUM_UNAVAILABLE;
  outcome.message = "this action is unavailable right now; please try again later";
  return outcome;
}

HookOutcome HookDispatcher::filter(const BusinessRef& business, HookId hook, const PayloadBuilder& build) {
  if (idle()) return {};
  auto snap = snapshot(business);
  const auto& blocked = snap->blocked[static_cast<std::size_t>(hook)];
  if (!blocked.empty() && hookInfo(hook).kind == HookKind::Filter) return unavailable(blocked.front()->id); // fails closed
  const auto& plugins = snap->byHook[static_cast<std::size_t>(hook)];
  if (plugins.empty()) return {};
  return run(business, hook, plugins, build);
}

HookOutcome HookDispatcher::event(const BusinessRef& business, HookId hook, const PayloadBuilder& build) {
  return filter(business, hook, build); // a suspended plugin's events are skipped: it is in `blocked`, never run
}

HookOutcome HookDispatcher::callPlugin(const BusinessRef& business, const std::string& pluginId, HookId hook,
                                       const PayloadBuilder& build) {
  bool isFilter = hookInfo(hook).kind == HookKind::Filter;
  LoadedPlugin* plugin = registry_.active(pluginId);
  if (!plugin) {
    if (isFilter && !idle() && snapshot(business)->find(pluginId)) return unavailable(pluginId); // enabled, failed to load
    return {};
  }
  if (!plugin->library->handler(hook)) return {};
  if (const Enabled* e = snapshot(business)->find(pluginId); e && e->suspended) {
    if (isFilter) return unavailable(pluginId); // a route, a code check: refused
    return {};                                 // an event or a job: skipped
  }
  Enabled target{plugin, pluginId, pluginConfigFor(database_, business.id, *plugin), false};
  return run(business, hook, {&target}, build);
}

HookOutcome HookDispatcher::run(const BusinessRef& business, HookId hook, const std::vector<const Enabled*>& plugins,
                                const PayloadBuilder& build) {
  const HookInfo& info = hookInfo(hook);
  rapidjson::Document doc(rapidjson::kObjectType);
  build(doc);
  auto& a = doc.GetAllocator();
  setMember(doc, "hook", str(info.name, a), a);
  rapidjson::Value biz(rapidjson::kObjectType);
  biz.AddMember("id", str(std::to_string(business.id), a), a);
  biz.AddMember("name", str(business.name, a), a);
  biz.AddMember("timezone", str(business.timeZone, a), a);
  setMember(doc, "business", std::move(biz), a);
  setMember(doc, "locale", str(business.locale, a), a);
  setMember(doc, "now_us", rapidjson::Value(clock_.nowMicros()), a);

  HookOutcome outcome;
  outcome.ran = true;
  for (const Enabled* e : plugins) {
    const std::string& id = e->plugin->id();
    std::string payload = core::toJson(doc);
    atrium_host_ctx ctx;
    ctx.host = host_.state;
    ctx.plugin = e->plugin;
    ctx.businessId = business.id;
    ctx.config = &e->config;
    atrium_hook_result result{sizeof(atrium_hook_result), {}, {}};
    atrium_status status = ATRIUM_INTERNAL;
    bool escaped = false;
    try {
      status = e->plugin->library->handler(hook)(e->plugin->instance, &ctx, atrium_str{payload.data(), payload.size()}, &result);
    } catch (...) {
      status = ATRIUM_INTERNAL; // an exception escaped the plugin's C boundary
      escaped = true;
    }
    std::string patch(result.patch.ptr ? result.patch.ptr : "", result.patch.len);
    std::string message(result.message.ptr ? result.message.ptr : "", result.message.len);
    atrium_buffer_release(&result.patch);
    atrium_buffer_release(&result.message);

    bool httpAnswer = hook == HookId::HttpRequest &&
                      (status == ATRIUM_INVALID_ARGUMENT || status == ATRIUM_NOT_FOUND || status == ATRIUM_PERMISSION_DENIED);
    if (info.kind == HookKind::Filter && (status == ATRIUM_REJECTED || httpAnswer)) {
      outcome.status = status;
      outcome.kind = HookOutcome::Kind::Rejected;
      outcome.pluginId = id;
      outcome.message = message.empty() ? e->plugin->manifest().text(business.locale, "name") + ": refused" : message;
      return outcome;
    }
    // A fault is counted and logged; a filter then fails closed, an event goes on to the next plugin.
    auto failsClosed = [&](const std::string& reason) {
      ++outcome.faults;
      fault(id, hook, business.id, reason);
      if (info.kind != HookKind::Filter) return false;
      outcome.kind = HookOutcome::Kind::Failed;
      outcome.pluginId = id;
      outcome.status = ATRIUM_INTERNAL;
      outcome.message = "this action is unavailable right now; please try again later";
      return true;
    };
    if (status != ATRIUM_OK) {
      std::string reason = escaped ? "an exception escaped the plugin" : "status " + std::to_string(status);
      if (!message.empty()) reason += ": " + faultText(message);
      if (failsClosed(reason)) return outcome;
      continue;
    }
    if (!patch.empty()) {
      rapidjson::Document p;
      if (!core::parseJson(p, patch) || !p.IsObject()) {
        if (failsClosed("malformed result: the patch is not a JSON object")) return outcome;
        continue;
      }
      for (const auto& field : applyPatch(hook, id, doc, p))
        core::Log::warn("plugin.patch_ignored", {{"plugin", std::string_view(id)}, {"hook", info.name}, {"field", std::string_view(field)}});
    }
  }
  outcome.payload = core::toJson(doc);
  return outcome;
}

void HookDispatcher::fault(const std::string& pluginId, HookId hook, std::int64_t businessId, const std::string& why) {
  const HookInfo& info = hookInfo(hook);
  core::Log::error("plugin.fault", {{"plugin", std::string_view(pluginId)}, {"hook", info.name}, {"business", businessId},
                                    {"fault", std::string_view(why)}});
  {
    std::lock_guard lock(metricsMutex_);
    ++faults_[{pluginId, std::string(info.name)}];
  }
  try {
    if (registry_.recordFault(pluginId, std::string(info.name), businessId, why)) invalidate();
  } catch (const std::exception& e) {
    core::Log::error("plugin.fault_not_recorded", {{"plugin", std::string_view(pluginId)}, {"error", std::string_view(e.what())}});
  }
}

void HookDispatcher::invalidate() {
  std::unique_lock lock(cacheMutex_);
  cache_.clear();
}

void HookDispatcher::renderMetrics(std::string& out) const {
  std::lock_guard lock(metricsMutex_);
  out += "# HELP atrium_plugin_faults_total Contained plugin faults by plugin and hook.\n";
  out += "# TYPE atrium_plugin_faults_total counter\n";
  for (const auto& [key, count] : faults_)
    out += "atrium_plugin_faults_total{plugin=\"" + key.first + "\",hook=\"" + key.second + "\"} " + std::to_string(count) + "\n";
}

} // namespace atrium::plugin_host
