#include "plugin_host/PluginRegistry.h"
#include "core/JsonOut.h"

#include "core/Errors.h"
#include "core/Log.h"

#include <algorithm>

namespace atrium::plugin_host {

PluginRegistry::PluginRegistry(store::Database& database, const core::Clock& clock, base::AuditLog& audit, Settings settings)
    : database_(database), clock_(clock), audit_(audit), settings_(std::move(settings)) {}

PluginRegistry::~PluginRegistry() { shutdown(); }

void PluginRegistry::markFailed(const std::string& id, const std::string& file, const std::string& reason, const Manifest* manifest) {
  PluginInfo info;
  info.id = id;
  info.file = file;
  info.state = PluginState::Failed;
  info.reason = reason;
  if (manifest) {
    info.name = manifest->name;
    info.version = manifest->version.toString();
    info.hooks = manifest->hooks;
  }
  failed_.push_back(std::move(info));
  core::Log::warn("plugin.failed", {{"plugin", std::string_view(id)}, {"file", std::string_view(file)}, {"reason", std::string_view(reason)}});
}

void PluginRegistry::load(const std::filesystem::path& path, std::vector<std::unique_ptr<PluginLibrary>>& opened) {
  std::string file = path.filename().string();
  try {
    auto lib = PluginLibrary::open(path);
    const auto& id = lib->manifest().id;
    auto first = std::find_if(opened.begin(), opened.end(), [&](const auto& o) { return o->manifest().id == id; });
    const PluginLibrary* provider = first != opened.end() ? first->get() : (active(id) ? active(id)->library.get() : nullptr);
    if (provider) {
      std::string note = "duplicate plugin id '" + id + "': " + file + " ignored, " + provider->path().filename().string() +
                         " already provides it";
      core::Log::warn("plugin.duplicate", {{"plugin", std::string_view(id)}, {"file", std::string_view(file)}, {"reason", std::string_view(note)}});
      ignored_.emplace_back(id, std::move(note));
      return;
    }
    opened.push_back(std::move(lib));
  } catch (const LoadError& e) {
    markFailed(path.stem().string(), file, e.what(), nullptr);
  }
}

void PluginRegistry::loadAll(const HostTable& host) {
  std::vector<std::unique_ptr<PluginLibrary>> opened;
  std::error_code ec;
  if (std::filesystem::is_directory(settings_.directory, ec)) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(settings_.directory, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load(f, opened);
  }
  initialise(std::move(opened), host);
}

void PluginRegistry::loadFile(const std::filesystem::path& path, const HostTable& host) {
  std::vector<std::unique_ptr<PluginLibrary>> opened;
  load(path, opened);
  initialise(std::move(opened), host);
}

void PluginRegistry::initialise(std::vector<std::unique_ptr<PluginLibrary>> opened, const HostTable& host) {
  // `requires` is checked against what loaded; dropping one plugin may break another, so repeat.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = opened.begin(); it != opened.end(); ++it) {
      const Manifest& m = (*it)->manifest();
      for (const auto& dep : m.requirements) {
        auto provider = std::find_if(opened.begin(), opened.end(), [&](const auto& o) { return o->manifest().id == dep.pluginId; });
        const Manifest* found = provider != opened.end() ? &(*provider)->manifest() : (active(dep.pluginId) ? &active(dep.pluginId)->manifest() : nullptr);
        std::string reason;
        if (!found) reason = "requires " + dep.pluginId + " " + dep.range.text() + ", not installed";
        else if (!dep.range.matches(found->version))
          reason = "requires " + dep.pluginId + " " + dep.range.text() + ", " + found->version.toString() + " installed";
        if (!reason.empty()) {
          markFailed(m.id, (*it)->path().filename().string(), reason, &m);
          opened.erase(it);
          changed = true;
          break;
        }
      }
      if (changed) break;
    }
  }
  for (auto& lib : opened) {
    auto plugin = std::make_unique<LoadedPlugin>();
    plugin->library = std::move(lib);
    atrium_host_ctx ctx;
    ctx.host = host.state;
    ctx.plugin = plugin.get();
    ctx.initPhase = true;
    atrium_buffer message{};
    atrium_status status = ATRIUM_INTERNAL;
    try {
      status = plugin->library->descriptor().on_init(host.api, &ctx, &plugin->instance, &message);
    } catch (...) { // a C++ plugin that let an exception escape its C entry point
      status = ATRIUM_INTERNAL;
    }
    std::string detail(message.ptr ? message.ptr : "", message.len);
    atrium_buffer_release(&message);
    if (status != ATRIUM_OK) {
      markFailed(plugin->id(), plugin->library->path().filename().string(),
           "on_init failed with status " + std::to_string(status) + (detail.empty() ? "" : ": " + detail), &plugin->manifest());
      continue;
    }
    core::Log::info("plugin.loaded", {{"plugin", std::string_view(plugin->id())},
                                      {"version", std::string_view(plugin->manifest().version.toString())}});
    active_.push_back(std::move(plugin));
  }
}

void PluginRegistry::shutdown() {
  for (auto& plugin : active_) {
    if (!plugin->library) continue;
    if (auto fn = plugin->library->descriptor().on_shutdown) {
      atrium_host_ctx ctx;
      ctx.plugin = plugin.get();
      try {
        fn(plugin->instance, &ctx);
      } catch (...) {
      }
    }
  }
  active_.clear(); // unmaps the libraries after every instance is gone
}

LoadedPlugin* PluginRegistry::active(const std::string& id) const {
  for (const auto& p : active_)
    if (p->id() == id) return p.get();
  return nullptr;
}

std::vector<PluginInfo> PluginRegistry::list() {
  std::map<std::string, std::pair<bool, bool>> state; // id → (available, safe mode)
  std::map<std::string, std::string> reasons;
  std::map<std::string, std::pair<std::string, std::int64_t>> lastFaults;
  std::map<std::string, std::int64_t> suspended;
  {
    auto lease = database_.acquire();
    lease->forEach("SELECT plugin_id, available, safe_mode, reason, last_fault, last_fault_at FROM plugin_installations", {},
                   [&](const store::Row& r) {
      state[r.getText(0)] = {r.getBool(1), r.getBool(2)};
      if (auto reason = r.getOptionalText(3)) reasons[r.getText(0)] = *reason;
      if (auto fault = r.getOptionalText(4)) lastFaults[r.getText(0)] = {*fault, r.getOptionalInt(5).value_or(0)};
    });
    lease->forEach("SELECT plugin_id, COUNT(*) FROM business_features WHERE suspended_at IS NOT NULL GROUP BY plugin_id", {},
                   [&](const store::Row& r) { suspended[r.getText(0)] = r.getInt(1); });
  }
  std::vector<PluginInfo> out;
  for (const auto& p : active_) {
    PluginInfo info;
    info.id = p->id();
    info.file = p->library->path().filename().string();
    info.name = p->manifest().name;
    info.version = p->manifest().version.toString();
    info.state = PluginState::Active;
    if (auto s = state.find(info.id); s != state.end()) {
      info.available = s->second.first;
      info.safeMode = s->second.second;
      if (info.safeMode || !info.available) info.reason = reasons[info.id];
    }
    if (auto f = lastFaults.find(info.id); f != lastFaults.end()) std::tie(info.lastFault, info.lastFaultAt) = f->second;
    if (auto n = suspended.find(info.id); n != suspended.end()) info.suspendedBusinesses = n->second;
    info.hooks = p->manifest().hooks;
    out.push_back(std::move(info));
  }
  out.insert(out.end(), failed_.begin(), failed_.end());
  // by id, and for one id the active library first, then the earliest that failed
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.id != b.id) return a.id < b.id;
    return a.state == PluginState::Active && b.state != PluginState::Active;
  });
  std::vector<PluginInfo> rows;
  for (auto& info : out) {
    if (!rows.empty() && rows.back().id == info.id) { // a broken library whose file name is another plugin's id
      bool named = info.reason.find(info.file) != std::string::npos;
      rows.back().ignored.push_back(named ? info.reason : info.file + ": " + info.reason);
      continue;
    }
    rows.push_back(std::move(info));
  }
  for (const auto& [id, note] : ignored_) {
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.id == id; });
    if (row != rows.end()) row->ignored.push_back(note);
  }
  return rows;
}

std::optional<PluginInfo> PluginRegistry::info(const std::string& id) {
  for (auto& p : list())
    if (p.id == id) return p;
  return std::nullopt;
}

bool PluginRegistry::usable(const std::string& id) {
  if (!active(id)) return false;
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT available, safe_mode FROM plugin_installations WHERE plugin_id = ?", {id});
  return !row || (row->getBool(0) && !row->getBool(1));
}

void PluginRegistry::bumpAllBusinesses(store::Connection& c) {
  c.execute("UPDATE businesses SET features_version = features_version + 1");
}

void PluginRegistry::setAvailable(const std::string& id, bool available, const base::AuditParty& actor) {
  if (!active(id)) {
    bool known = std::any_of(failed_.begin(), failed_.end(), [&](const auto& f) { return f.id == id; });
    if (!known) throw core::NotFoundError(core::Text("no plugin '{plugin}' is installed", {{"plugin", id}}));
    if (available)
      throw core::ConflictError(core::Text("plugin '{plugin}' failed to load and cannot be enabled; see `atrium plugins info {plugin}`", {{"plugin", id}}));
  }
  std::int64_t now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    std::int64_t lifted = 0;
    if (available) // the administrator's word lifts every suspension after faults
      lifted = c.execute("UPDATE business_features SET suspended_at = NULL, suspended_reason = NULL "
                         "WHERE plugin_id = ? AND suspended_at IS NOT NULL", {id});
    auto before = c.queryOne("SELECT available, safe_mode FROM plugin_installations WHERE plugin_id = ?", {id});
    bool wasAvailable = !before || before->getBool(0);
    bool wasSafeMode = before && before->getBool(1);
    if (c.execute("UPDATE plugin_installations SET available = ?, safe_mode = 0, reason = ?, updated_at = ? WHERE plugin_id = ?",
                  {available, available ? std::optional<std::string>() : std::optional<std::string>("disabled by an administrator"), now, id}) == 0)
      c.execute("INSERT INTO plugin_installations (plugin_id, available, safe_mode, reason, updated_at) VALUES (?, ?, 0, ?, ?)",
                {id, available, available ? std::optional<std::string>() : std::optional<std::string>("disabled by an administrator"), now});
    bumpAllBusinesses(c);
    base::AuditEntry entry;
    entry.actor = actor;
    entry.action = available ? "plugin.enabled" : "plugin.disabled";
    entry.subject = {"plugin", id};
    entry.detailsJson = core::JsonOut::object([&](core::JsonOut& o) {
      o.key("available").w().StartObject();
      o.field("old", wasAvailable).field("new", available);
      o.w().EndObject();
      o.field("safe_mode_lifted", wasSafeMode && available).field("suspensions_lifted", lifted);
    });
    audit_.append(c, entry);
  });
  if (available) {
    std::lock_guard lock(faultMutex_);
    for (auto it = recentFaults_.begin(); it != recentFaults_.end();)
      it = it->first.first == id ? recentFaults_.erase(it) : std::next(it);
  }
}

bool PluginRegistry::recordFault(const std::string& id, const std::string& hook, std::int64_t businessId, const std::string& reason) {
  auto now = std::chrono::steady_clock::now();
  bool trip = false;
  {
    std::lock_guard lock(faultMutex_);
    ++faultTotals_[id];
    auto& recent = recentFaults_[{id, businessId}];
    recent.push_back(now);
    while (!recent.empty() && now - recent.front() > settings_.safeModeWindow) recent.pop_front();
    if (static_cast<int>(recent.size()) >= settings_.safeModeFaults && businessId != 0) {
      trip = true;
      recent.clear();
    }
  }
  std::string lastFault = hook + ": " + reason;
  if (lastFault.size() > 400) lastFault.resize(400);
  std::int64_t ts = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    if (c.execute("UPDATE plugin_installations SET last_fault = ?, last_fault_at = ? WHERE plugin_id = ?", {lastFault, ts, id}) == 0)
      c.execute("INSERT INTO plugin_installations (plugin_id, available, safe_mode, updated_at, last_fault, last_fault_at) "
                "VALUES (?, 1, 0, ?, ?, ?)", {id, ts, lastFault, ts});
    if (!trip) return;
    std::string why = "suspended after " + std::to_string(settings_.safeModeFaults) + " faults within " +
                      std::to_string(settings_.safeModeWindow.count()) + " s (last in " + hook + ")";
    // fail closed: the plugin stays enabled for the business and refuses for it until lifted
    if (c.execute("UPDATE business_features SET suspended_at = ?, suspended_reason = ? WHERE business_id = ? AND plugin_id = ? "
                  "AND suspended_at IS NULL", {ts, why, businessId, id}) == 0) {
      trip = false; // not enabled there, or suspended already
      return;
    }
    c.execute("UPDATE businesses SET features_version = features_version + 1 WHERE id = ?", {businessId});
    base::AuditEntry entry;
    entry.businessId = businessId;
    entry.actor = {"system", "kernel"};
    entry.action = "plugin.suspended";
    entry.subject = {"plugin", id};
    entry.detailsJson = core::JsonOut::object([&](core::JsonOut& o) { o.field("hook", hook).field("faults", settings_.safeModeFaults); });
    audit_.append(c, entry);
  });
  if (trip) core::Log::error("plugin.suspended", {{"plugin", std::string_view(id)}, {"hook", std::string_view(hook)}, {"business", businessId}});
  return trip;
}

std::vector<HookId> PluginRegistry::failedPluginHooks(const std::string& id) const {
  for (const auto& f : failed_)
    if (f.id == id) return f.hooks;
  return {};
}

std::uint64_t PluginRegistry::faultCount(const std::string& id) const {
  std::lock_guard lock(faultMutex_);
  auto it = faultTotals_.find(id);
  return it == faultTotals_.end() ? 0 : it->second;
}

} // namespace atrium::plugin_host
