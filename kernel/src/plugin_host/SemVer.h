#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::plugin_host {

/// A semantic version MAJOR.MINOR.PATCH[-prerelease] (build metadata "+..." is ignored).
struct SemVer {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string prerelease;

  /// nullopt when the text is not a semantic version.
  static std::optional<SemVer> parse(std::string_view text);
  std::string toString() const;
  /// SemVer 2.0 precedence (a pre-release sorts before its release).
  int compare(const SemVer& other) const;
};

/// A version range as plugin manifests write them: `*`, `^1.2`, `~1.2.3`, `>=1.0.0`,
/// `>1.0.0`, `<2.0.0`, `<=2.0.0`, `=1.0.0` or a bare version (exact), several
/// separated by spaces meaning AND. Missing minor/patch count as 0.
class VersionRange {
public:
  /// nullopt when the text is not a range.
  static std::optional<VersionRange> parse(std::string_view text);
  bool matches(const SemVer& version) const;
  const std::string& text() const { return text_; }

private:
  struct Bound {
    enum class Op { Eq, Gt, Ge, Lt, Le } op;
    SemVer version;
  };
  std::string text_;
  std::vector<Bound> bounds_; ///< all must hold; empty = any version
};

} // namespace atrium::plugin_host
