/// parsePolicy: JSON → Policy, with one FieldError per problem.
#include "Policy.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace atrium::cancellation {
namespace {

using rapidjson::Value;

constexpr std::int64_t kMaxNoticeMinutes = 365LL * 24 * 60;
constexpr std::int64_t kMaxAmountCents = 100'000'000'00LL; // 100 million units

class Parser {
public:
  std::vector<FieldError> errors;

  void fail(const std::string& field, const std::string& message) { errors.push_back({field, message}); }

  static std::string join(const std::string& path, const std::string& name) { return path.empty() ? name : path + "." + name; }

  /// False (with an error) when `v` is not an object; reports members not in `known`.
  bool object(const Value& v, const std::string& path, std::initializer_list<const char*> known) {
    if (!v.IsObject()) {
      fail(path, "must be an object");
      return false;
    }
    for (const auto& m : v.GetObject()) {
      std::string name(m.name.GetString(), m.name.GetStringLength());
      bool isKnown = false;
      for (const char* k : known) isKnown = isKnown || name == k;
      if (!isKnown) fail(join(path, name), "unknown field");
    }
    return true;
  }

  static const Value* member(const Value& v, const char* name) {
    auto it = v.FindMember(name);
    return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
  }

  std::optional<std::int64_t> integer(const Value& v, const std::string& path, std::int64_t min, std::int64_t max) {
    if (!v.IsInt64()) {
      fail(path, "must be a whole number");
      return std::nullopt;
    }
    const std::int64_t n = v.GetInt64();
    if (n < min || n > max) {
      fail(path, "must be from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return n;
  }

  std::optional<std::int64_t> notice(const Value& v, const std::string& path) {
    if (!object(v, path, {"hours", "minutes"})) return std::nullopt;
    const Value* hours = member(v, "hours");
    const Value* minutes = member(v, "minutes");
    if ((hours != nullptr) == (minutes != nullptr)) {
      fail(path, "give either hours or minutes");
      return std::nullopt;
    }
    if (hours != nullptr) {
      auto h = integer(*hours, join(path, "hours"), 0, kMaxNoticeMinutes / 60);
      return h ? std::optional<std::int64_t>(*h * 60) : std::nullopt;
    }
    return integer(*minutes, join(path, "minutes"), 0, kMaxNoticeMinutes);
  }

  std::optional<Fee> fee(const Value& v, const std::string& path) {
    if (!object(v, path, {"amount_cents", "currency", "percent"})) return std::nullopt;
    const Value* percent = member(v, "percent");
    const Value* amount = member(v, "amount_cents");
    if ((percent != nullptr) == (amount != nullptr)) {
      fail(path, "give either percent, or amount_cents and currency");
      return std::nullopt;
    }
    Fee out;
    if (percent != nullptr) {
      if (member(v, "currency") != nullptr) fail(join(path, "currency"), "only with amount_cents");
      if (!percent->IsNumber()) {
        fail(join(path, "percent"), "must be a number");
        return std::nullopt;
      }
      const double p = percent->GetDouble();
      const double bp = std::round(p * 100);
      if (!(p > 0 && p <= 100)) {
        fail(join(path, "percent"), "must be more than 0 and at most 100");
        return std::nullopt;
      }
      if (std::fabs(p * 100 - bp) > 1e-6) {
        fail(join(path, "percent"), "at most two decimals");
        return std::nullopt;
      }
      out.kind = Fee::Kind::Percent;
      out.percentBasisPoints = static_cast<std::int64_t>(bp);
      return out;
    }
    auto cents = integer(*amount, join(path, "amount_cents"), 1, kMaxAmountCents);
    const Value* currency = member(v, "currency");
    std::string code = currency != nullptr && currency->IsString() ? currency->GetString() : "";
    const bool codeOk = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!codeOk) fail(join(path, "currency"), "must be an ISO 4217 code such as GBP");
    if (!cents || !codeOk) return std::nullopt;
    if (*cents % chargeUnitCents(code) != 0) {
      fail(join(path, "amount_cents"), code + " is charged in whole units: a multiple of 100");
      return std::nullopt;
    }
    out.kind = Fee::Kind::Amount;
    out.amount = {*cents, code};
    return out;
  }

  std::optional<ActionRule> action(const Value& v, const std::string& path) {
    if (!object(v, path, {"notice", "late", "fee"})) return std::nullopt;
    ActionRule out;
    bool ok = true;
    if (const Value* n = member(v, "notice")) {
      auto minutes = notice(*n, join(path, "notice"));
      ok = ok && minutes.has_value();
      out.noticeMinutes = minutes.value_or(0);
    } else {
      fail(join(path, "notice"), "required");
      ok = false;
    }
    const Value* late = member(v, "late");
    const std::string lateText = late != nullptr && late->IsString() ? late->GetString() : "";
    const Value* feeValue = member(v, "fee");
    if (lateText == "refuse") {
      out.late = ActionRule::Late::Refuse;
      if (feeValue != nullptr) {
        fail(join(path, "fee"), "only with late: \"fee\"");
        ok = false;
      }
    } else if (lateText == "fee") {
      out.late = ActionRule::Late::Fee;
      if (feeValue == nullptr) {
        fail(join(path, "fee"), "required when late is \"fee\"");
        ok = false;
      } else {
        out.fee = fee(*feeValue, join(path, "fee"));
        ok = ok && out.fee.has_value();
      }
    } else {
      fail(join(path, "late"), late == nullptr ? "required: \"refuse\" or \"fee\"" : "must be \"refuse\" or \"fee\"");
      ok = false;
    }
    return ok ? std::optional<ActionRule>(out) : std::nullopt;
  }

  std::optional<NoShowRule> noShow(const Value& v, const std::string& path) {
    if (!object(v, path, {"fee", "limit"})) return std::nullopt;
    NoShowRule out;
    bool ok = true;
    if (const Value* f = member(v, "fee")) {
      out.fee = fee(*f, join(path, "fee"));
      ok = out.fee.has_value();
    }
    if (const Value* l = member(v, "limit")) {
      const std::string lp = join(path, "limit");
      if (!object(*l, lp, {"count", "months", "consequence"})) return std::nullopt;
      NoShowLimit limit;
      auto count = member(*l, "count") ? integer(*member(*l, "count"), join(lp, "count"), 1, 100) : std::nullopt;
      auto months = member(*l, "months") ? integer(*member(*l, "months"), join(lp, "months"), 1, 120) : std::nullopt;
      if (!member(*l, "count")) fail(join(lp, "count"), "required");
      if (!member(*l, "months")) fail(join(lp, "months"), "required");
      const Value* c = member(*l, "consequence");
      const std::string consequence = c != nullptr && c->IsString() ? c->GetString() : "";
      if (consequence == "confirmation_required") {
        limit.consequence = NoShowLimit::Consequence::ConfirmationRequired;
      } else if (consequence == "no_online_booking") {
        limit.consequence = NoShowLimit::Consequence::NoOnlineBooking;
      } else {
        fail(join(lp, "consequence"), "must be \"confirmation_required\" or \"no_online_booking\"");
        ok = false;
      }
      if (!count || !months) return std::nullopt;
      limit.count = static_cast<int>(*count);
      limit.months = static_cast<int>(*months);
      out.limit = limit;
    }
    return ok ? std::optional<NoShowRule>(out) : std::nullopt;
  }

  std::optional<Rules> rules(const Value& v, const std::string& path) {
    if (!object(v, path, {"cancel", "reschedule", "max_reschedules", "no_show"})) return std::nullopt;
    Rules out;
    bool ok = true;
    for (auto [name, target] : {std::pair<const char*, ActionRule*>{"cancel", &out.cancel}, {"reschedule", &out.reschedule}}) {
      const Value* a = member(v, name);
      if (a == nullptr) {
        fail(join(path, name), "required");
        ok = false;
        continue;
      }
      auto parsed = action(*a, join(path, name));
      ok = ok && parsed.has_value();
      if (parsed) *target = *parsed;
    }
    if (const Value* m = member(v, "max_reschedules")) {
      auto n = integer(*m, join(path, "max_reschedules"), 0, 100);
      ok = ok && n.has_value();
      if (n) out.maxReschedules = static_cast<int>(*n);
    }
    if (const Value* n = member(v, "no_show")) {
      auto parsed = noShow(*n, join(path, "no_show"));
      ok = ok && parsed.has_value();
      if (parsed) out.noShow = *parsed;
    }
    return ok ? std::optional<Rules>(out) : std::nullopt;
  }
};

} // namespace

PolicyParse parsePolicy(std::string_view json) {
  PolicyParse result;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    result.errors.push_back({"", std::string("not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                                     std::to_string(doc.GetErrorOffset())});
    return result;
  }
  Parser p;
  if (!p.object(doc, "", {"default", "services"})) {
    result.errors = p.errors;
    return result;
  }
  Policy policy;
  bool ok = true;
  if (const Value* d = Parser::member(doc, "default")) {
    auto rules = p.rules(*d, "default");
    ok = rules.has_value();
    if (rules) policy.defaults = *rules;
  } else {
    p.fail("default", "required");
    ok = false;
  }
  if (const Value* s = Parser::member(doc, "services"); s != nullptr && !s->IsObject()) {
    p.fail("services", "must be an object: service id → rules");
    ok = false;
  }
  if (const Value* s = Parser::member(doc, "services"); s != nullptr && s->IsObject()) {
    for (const auto& m : s->GetObject()) {
      std::string id(m.name.GetString(), m.name.GetStringLength());
      const std::string path = "services." + id;
      if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        p.fail(path, "a service id is a string of digits");
        ok = false;
        continue;
      }
      auto rules = p.rules(m.value, path);
      ok = ok && rules.has_value();
      if (rules) policy.services[id] = *rules;
    }
  }
  result.errors = p.errors;
  if (ok && result.errors.empty()) result.policy = policy;
  return result;
}

} // namespace atrium::cancellation
