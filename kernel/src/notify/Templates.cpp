#include "notify/Templates.h"
#include "core/JsonOut.h"

#include "core/Errors.h"
#include "core/TextInput.h"

#include <algorithm>

namespace atrium::notify {
namespace {

struct Default {
  const char* name;
  const char* locale;
  const char* subject;
  const char* text;
};

// Email text; the HTML part is the same text, escaped, in paragraphs. SMS uses the text.
constexpr Default kDefaults[] = {
    {"booking.confirmation", "en", "Your booking at {{business.name}}",
     "Hello {{client.name}},\n\nYour {{service.name}} with {{provider.name}} is booked for {{booking.start_local}} ({{booking.time_zone}}).\n\n"
     "See or cancel it: {{links.manage}}\n\n{{business.name}}"},
    {"booking.confirmation", "zh-TW", "您在 {{business.name}} 的預約",
     "{{client.name}} 您好：\n\n您與 {{provider.name}} 的 {{service.name}} 已預約於 {{booking.start_local}}（{{booking.time_zone}}）。\n\n"
     "查看或取消：{{links.manage}}\n\n{{business.name}}"},
    {"booking.reminder", "en", "Reminder: {{service.name}} at {{booking.start_local}}",
     "Hello {{client.name}},\n\nA reminder of your {{service.name}} with {{provider.name}} on {{booking.start_local}} ({{booking.time_zone}}).\n\n"
     "See or cancel it: {{links.manage}}\n\n{{business.name}}"},
    {"booking.reminder", "zh-TW", "提醒：{{booking.start_local}} 的 {{service.name}}",
     "{{client.name}} 您好：\n\n提醒您於 {{booking.start_local}}（{{booking.time_zone}}）與 {{provider.name}} 的 {{service.name}}。\n\n"
     "查看或取消：{{links.manage}}\n\n{{business.name}}"},
    {"booking.changed", "en", "Your booking at {{business.name}} was changed",
     "Hello {{client.name}},\n\nYour {{service.name}} with {{provider.name}} is now on {{booking.start_local}} ({{booking.time_zone}}).\n\n"
     "See or cancel it: {{links.manage}}\n\n{{business.name}}"},
    {"booking.changed", "zh-TW", "您在 {{business.name}} 的預約已變更",
     "{{client.name}} 您好：\n\n您與 {{provider.name}} 的 {{service.name}} 已改至 {{booking.start_local}}（{{booking.time_zone}}）。\n\n"
     "查看或取消：{{links.manage}}\n\n{{business.name}}"},
    {"booking.cancelled", "en", "Your booking at {{business.name}} was cancelled",
     "Hello {{client.name}},\n\nYour {{service.name}} on {{booking.start_local}} ({{booking.time_zone}}) is cancelled.\n\n{{business.name}}"},
    {"booking.cancelled", "zh-TW", "您在 {{business.name}} 的預約已取消",
     "{{client.name}} 您好：\n\n您於 {{booking.start_local}}（{{booking.time_zone}}）的 {{service.name}} 已取消。\n\n{{business.name}}"},
    {"campaign", "en", "{{campaign.subject}}", "{{campaign.text}}\n\n{{business.name}}"},
    {"campaign", "zh-TW", "{{campaign.subject}}", "{{campaign.text}}\n\n{{business.name}}"},
};

std::string escapeHtml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string fill(const std::string& text, const std::map<std::string, std::string>& values, bool html) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    auto close = text.find("}}", open);
    if (close == std::string::npos) break;
    out.append(text, pos, open - pos);
    std::string key = text.substr(open + 2, close - open - 2);
    auto it = values.find(key);
    if (it != values.end()) {
      const std::string& v = it->second;
      bool link = key.rfind("links.", 0) == 0 && (v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0);
      if (!html) out += v;
      else if (link) out += "<a href=\"" + escapeHtml(v) + "\">" + escapeHtml(v) + "</a>"; // the kernel's own links, clickable
      else out += Templates::htmlText(v); // a value's lines stay lines
    }
    pos = close + 2;
  }
  out.append(text, pos);
  return out;
}

} // namespace

const std::vector<std::string>& Templates::names() {
  static const std::vector<std::string> n{"booking.confirmation", "booking.reminder", "booking.changed", "booking.cancelled", "campaign"};
  return n;
}

Message Templates::builtIn(const std::string& name, const std::string& locale, const std::string& channel) {
  const Default* found = nullptr;
  for (const auto& d : kDefaults)
    if (name == d.name && (locale == d.locale || (!found && std::string(d.locale) == "en"))) found = &d;
  if (!found) return {};
  Message m{found->subject, found->text, std::nullopt};
  if (channel == "email") { // HTML: the text, escaped, paragraph per blank line (placeholders kept for render)
    std::string html = "<!doctype html><html><body>";
    std::size_t start = 0;
    std::string text = found->text;
    while (start <= text.size()) {
      auto end = text.find("\n\n", start);
      std::string para = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      html += "<p>" + htmlText(para) + "</p>";
      if (end == std::string::npos) break;
      start = end + 2;
    }
    m.html = html + "</body></html>";
  }
  return m;
}

Message Templates::source(std::int64_t businessId, const std::string& name, const std::string& locale, const std::string& channel) {
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT subject, body_text, body_html FROM notification_templates WHERE business_id = ? AND template = ? "
                             "AND locale = ? AND channel = ?",
                             {businessId, name, locale, channel});
  if (!row) return builtIn(name, locale, channel);
  return {row->getText(0), row->getText(1), row->getOptionalText(2)};
}

void Templates::save(std::int64_t businessId, const std::string& name, const std::string& locale, const std::string& channel,
                     const Message& m, const base::AuditBy& by) {
  if (std::find(names().begin(), names().end(), name) == names().end()) throw core::NotFoundError("no such template");
  if (locale != "en" && locale != "zh-TW") throw core::ValidationError("locale", "locale must be en or zh-TW");
  if (channel != "email" && channel != "sms") throw core::ValidationError("channel", "channel must be email or sms");
  if (channel == "email") core::requireText("subject", m.subject, 500);
  core::requireText("text", m.text, 20000, core::TextKind::MultiLine);
  if (m.html && m.html->size() > 100000) throw core::ValidationError("html", "html is too long");
  database_.inTransaction([&](store::Connection& c) {
    c.execute("DELETE FROM notification_templates WHERE business_id = ? AND template = ? AND locale = ? AND channel = ?",
              {businessId, name, locale, channel});
    c.execute("INSERT INTO notification_templates (business_id, template, locale, channel, subject, body_text, body_html, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {businessId, name, locale, channel, m.subject, m.text, m.html, clock_.nowMicros()});
    if (audit_)
      audit_->record(c, businessId, by, "notification.template_changed", {"none", ""},
                     core::JsonOut::object([&](core::JsonOut& o) { o.field("template", name).field("locale", locale).field("channel", channel); }));
  });
}

std::string Templates::htmlText(const std::string& text) {
  std::string out;
  for (char c : escapeHtml(text)) out += c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

Message Templates::render(const Message& source, const std::map<std::string, std::string>& values) {
  Message out;
  out.subject = fill(source.subject, values, false);
  out.text = fill(source.text, values, false);
  if (source.html) out.html = fill(*source.html, values, true);
  return out;
}

} // namespace atrium::notify
