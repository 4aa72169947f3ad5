#include "plugin_host/SemVer.h"

#include <charconv>
#include <regex>

namespace atrium::plugin_host {
namespace {

/// "1", "1.2" or "1.2.3" with optional pre-release; missing parts are 0.
std::optional<SemVer> parsePartial(std::string_view text, int& parts) {
  static const std::regex kShape(R"(^(0|[1-9]\d{0,8})(?:\.(0|[1-9]\d{0,8}))?(?:\.(0|[1-9]\d{0,8}))?(?:-([0-9A-Za-z.-]+))?$)");
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, kShape)) return std::nullopt;
  SemVer v;
  v.major = std::stoi(m[1]);
  parts = 1;
  if (m[2].matched) {
    v.minor = std::stoi(m[2]);
    parts = 2;
  }
  if (m[3].matched) {
    v.patch = std::stoi(m[3]);
    parts = 3;
  }
  if (m[4].matched) v.prerelease = m[4];
  return v;
}

int compareIdentifiers(const std::string& a, const std::string& b) {
  auto isNumber = [](const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; };
  if (isNumber(a) && isNumber(b)) return a.size() != b.size() ? (a.size() < b.size() ? -1 : 1) : a.compare(b);
  if (isNumber(a) != isNumber(b)) return isNumber(a) ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

} // namespace

std::optional<SemVer> SemVer::parse(std::string_view text) {
  auto plus = text.find('+');
  if (plus != std::string_view::npos) text = text.substr(0, plus);
  int parts = 0;
  auto v = parsePartial(text, parts);
  if (!v || parts != 3) return std::nullopt;
  return v;
}

std::string SemVer::toString() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!prerelease.empty()) s += "-" + prerelease;
  return s;
}

int SemVer::compare(const SemVer& o) const {
  if (major != o.major) return major < o.major ? -1 : 1;
  if (minor != o.minor) return minor < o.minor ? -1 : 1;
  if (patch != o.patch) return patch < o.patch ? -1 : 1;
  if (prerelease.empty() || o.prerelease.empty()) {
    if (prerelease.empty() && o.prerelease.empty()) return 0;
    return prerelease.empty() ? 1 : -1;
  }
  std::size_t i = 0, j = 0;
  while (i <= prerelease.size() && j <= o.prerelease.size()) {
    auto ei = prerelease.find('.', i), ej = o.prerelease.find('.', j);
    if (ei == std::string::npos) ei = prerelease.size();
    if (ej == std::string::npos) ej = o.prerelease.size();
    int c = compareIdentifiers(prerelease.substr(i, ei - i), o.prerelease.substr(j, ej - j));
    if (c != 0) return c;
    i = ei + 1;
    j = ej + 1;
    bool doneA = ei >= prerelease.size(), doneB = ej >= o.prerelease.size();
    if (doneA || doneB) return doneA == doneB ? 0 : (doneA ? -1 : 1);
  }
  return 0;
}

std::optional<VersionRange> VersionRange::parse(std::string_view text) {
  VersionRange range;
  range.text_ = std::string(text);
  std::size_t pos = 0;
  bool any = false;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) break;
    auto end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(pos, end - pos);
    pos = end;
    any = true;
    if (token == "*" || token == "x") continue;
    std::string_view op;
    for (std::string_view candidate : {">=", "<=", ">", "<", "=", "^", "~"}) {
      if (token.substr(0, candidate.size()) == candidate) {
        op = candidate;
        break;
      }
    }
    int parts = 0;
    auto v = parsePartial(token.substr(op.size()), parts);
    if (!v) return std::nullopt;
    using Op = Bound::Op;
    if (op == "^" || op == "~") {
      SemVer upper;
      if (op == "^") {
        if (v->major > 0 || parts == 1) upper = {v->major + 1, 0, 0, {}};
        else if (v->minor > 0 || parts == 2) upper = {0, v->minor + 1, 0, {}};
        else upper = {0, 0, v->patch + 1, {}};
      } else {
        upper = parts == 1 ? SemVer{v->major + 1, 0, 0, {}} : SemVer{v->major, v->minor + 1, 0, {}};
      }
      range.bounds_.push_back({Op::Ge, *v});
      range.bounds_.push_back({Op::Lt, upper});
    } else if (op == ">=") range.bounds_.push_back({Op::Ge, *v});
    else if (op == "<=") range.bounds_.push_back({Op::Le, *v});
    else if (op == ">") range.bounds_.push_back({Op::Gt, *v});
    else if (op == "<") range.bounds_.push_back({Op::Lt, *v});
    else range.bounds_.push_back({Op::Eq, *v});
  }
  if (!any) return std::nullopt;
  return range;
}

bool VersionRange::matches(const SemVer& version) const {
  for (const auto& b : bounds_) {
    int c = version.compare(b.version);
    bool ok = false;
    switch (b.op) {
    case Bound::Op::Eq: ok = c == 0; break;
    case Bound::Op::Gt: ok = c > 0; break;
    case Bound::Op::Ge: ok = c >= 0; break;
    case Bound::Op::Lt: ok = c < 0; break;
    case Bound::Op::Le: ok = c <= 0; break;
    }
    if (!ok) return false;
  }
  return true;
}

} // namespace atrium::plugin_host
