#include "Policy.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace atrium::cancellation {

bool Fee::operator==(const Fee& o) const {
  if (kind != o.kind) return false;
  return kind == Kind::Amount ? amount == o.amount : percentBasisPoints == o.percentBasisPoints;
}

bool ActionRule::operator==(const ActionRule& o) const {
  return noticeMinutes == o.noticeMinutes && late == o.late && fee == o.fee;
}

bool NoShowLimit::operator==(const NoShowLimit& o) const {
  return count == o.count && months == o.months && consequence == o.consequence;
}

bool Rules::operator==(const Rules& o) const {
  return cancel == o.cancel && reschedule == o.reschedule && maxReschedules == o.maxReschedules && noShow == o.noShow;
}

const Rules& Policy::rulesFor(std::string_view serviceId) const {
  auto it = services.find(std::string(serviceId));
  return it == services.end() ? defaults : it->second;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void writeFee(Writer& w, const Fee& fee) {
  w.StartObject();
  if (fee.kind == Fee::Kind::Amount) {
    w.Key("amount_cents");
    w.Int64(fee.amount.cents);
    w.Key("currency");
    w.String(fee.amount.currency.c_str());
  } else {
    w.Key("percent");
    if (fee.percentBasisPoints % 100 == 0) {
      w.Int64(fee.percentBasisPoints / 100);
    } else {
      w.Double(static_cast<double>(fee.percentBasisPoints) / 100);
    }
  }
  w.EndObject();
}

void writeAction(Writer& w, const ActionRule& rule) {
  w.StartObject();
  w.Key("notice");
  w.StartObject();
  if (rule.noticeMinutes % 60 == 0) {
    w.Key("hours");
    w.Int64(rule.noticeMinutes / 60);
  } else {
    w.Key("minutes");
    w.Int64(rule.noticeMinutes);
  }
  w.EndObject();
  w.Key("late");
  w.String(rule.late == ActionRule::Late::Fee ? "fee" : "refuse");
  if (rule.fee) {
    w.Key("fee");
    writeFee(w, *rule.fee);
  }
  w.EndObject();
}

void writeRules(Writer& w, const Rules& rules) {
  w.StartObject();
  w.Key("cancel");
  writeAction(w, rules.cancel);
  w.Key("reschedule");
  writeAction(w, rules.reschedule);
  w.Key("max_reschedules");
  if (rules.maxReschedules) {
    w.Int(*rules.maxReschedules);
  } else {
    w.Null();
  }
  w.Key("no_show");
  w.StartObject();
  w.Key("fee");
  if (rules.noShow.fee) {
    writeFee(w, *rules.noShow.fee);
  } else {
    w.Null();
  }
  w.Key("limit");
  if (const auto& limit = rules.noShow.limit) {
    w.StartObject();
    w.Key("count");
    w.Int(limit->count);
    w.Key("months");
    w.Int(limit->months);
    w.Key("consequence");
    w.String(limit->consequence == NoShowLimit::Consequence::NoOnlineBooking ? "no_online_booking" : "confirmation_required");
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  w.EndObject();
}

} // namespace

std::string policyToJson(const Policy& policy) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("default");
  writeRules(w, policy.defaults);
  w.Key("services");
  w.StartObject();
  for (const auto& [id, rules] : policy.services) {
    w.Key(id.c_str(), static_cast<rapidjson::SizeType>(id.size()));
    writeRules(w, rules);
  }
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

Publication publish(const std::optional<PublishedPolicy>& current, const Policy& next) {
  if (current && current->policy == next) return {*current, false};
  return {{current ? current->version + 1 : 1, next}, true};
}

} // namespace atrium::cancellation
