#pragma once
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atrium::notify {

/// A message before or after its {{placeholders}} are filled.
struct Message {
  std::string subject; ///< email only
  std::string text;
  std::optional<std::string> html; ///< email only
};

/// Message templates per business, name, locale (en, zh-TW) and channel (email, sms):
/// the business's own wording when it saved one, else Atrium's. Placeholders:
/// {{business.name}} {{business.address}} {{business.phone}} {{client.name}} {{service.name}}
/// {{provider.name}} {{booking.start_local}} (in the reader's words: "Thu 3 Dec 2026, 11:00")
/// {{booking.time_zone}} {{links.manage}} {{links.unsubscribe}} and, for campaigns,
/// {{campaign.subject}} {{campaign.text}}. Values are HTML-escaped in the HTML part, their
/// line breaks kept.
class Templates {
public:
  Templates(store::Database& database, const core::Clock& clock, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), audit_(audit) {}

  /// booking.confirmation, booking.reminder, booking.changed, booking.cancelled, campaign.
  static const std::vector<std::string>& names();
  static Message builtIn(const std::string& name, const std::string& locale, const std::string& channel);

  Message source(std::int64_t businessId, const std::string& name, const std::string& locale, const std::string& channel);
  /// Throws core::ValidationError naming the field. Audited ("notification.template_changed":
  /// which template, language and channel) when `by` a user.
  void save(std::int64_t businessId, const std::string& name, const std::string& locale, const std::string& channel, const Message& m,
            const base::AuditBy& by = std::nullopt);
  static Message render(const Message& source, const std::map<std::string, std::string>& values);
  /// `text` for an HTML part: escaped, its line breaks as <br>.
  static std::string htmlText(const std::string& text);

private:
  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog* audit_;
};

} // namespace atrium::notify
