#include "Policy.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace atrium::cancellation;

namespace {

const char* kFull = R"({
  "default": {
    "cancel": {"notice": {"hours": 24}, "late": "fee", "fee": {"percent": 50}},
    "reschedule": {"notice": {"minutes": 90}, "late": "refuse"},
    "max_reschedules": 2,
    "no_show": {"fee": {"amount_cents": 2000, "currency": "GBP"},
                "limit": {"count": 3, "months": 6, "consequence": "no_online_booking"}}
  },
  "services": {
    "11": {
      "cancel": {"notice": {"hours": 48}, "late": "fee", "fee": {"amount_cents": 1500, "currency": "GBP"}},
      "reschedule": {"notice": {"hours": 0}, "late": "refuse"}
    }
  }
})";

bool hasError(const PolicyParse& p, const std::string& field, const std::string& messagePart) {
  return std::any_of(p.errors.begin(), p.errors.end(), [&](const FieldError& e) {
    return e.field == field && e.message.find(messagePart) != std::string::npos;
  });
}

std::string dump(const PolicyParse& p) {
  std::string out;
  for (const auto& e : p.errors) out += e.field + ": " + e.message + "\n";
  return out;
}

} // namespace

TEST_CASE("a full policy parses into its rules", "[policy]") {
  const PolicyParse parsed = parsePolicy(kFull);
  INFO(dump(parsed));
  REQUIRE(parsed.ok());
  const Policy& p = *parsed.policy;
  CHECK(p.defaults.cancel.noticeMinutes == 24 * 60);
  CHECK(p.defaults.cancel.late == ActionRule::Late::Fee);
  REQUIRE(p.defaults.cancel.fee);
  CHECK(p.defaults.cancel.fee->kind == Fee::Kind::Percent);
  CHECK(p.defaults.cancel.fee->percentBasisPoints == 5000);
  CHECK(p.defaults.reschedule.noticeMinutes == 90);
  CHECK(p.defaults.reschedule.late == ActionRule::Late::Refuse);
  CHECK_FALSE(p.defaults.reschedule.fee);
  CHECK(p.defaults.maxReschedules == 2);
  REQUIRE(p.defaults.noShow.fee);
  CHECK(p.defaults.noShow.fee->amount == Money{2000, "GBP"});
  REQUIRE(p.defaults.noShow.limit);
  CHECK(p.defaults.noShow.limit->count == 3);
  CHECK(p.defaults.noShow.limit->months == 6);
  CHECK(p.defaults.noShow.limit->consequence == NoShowLimit::Consequence::NoOnlineBooking);
}

TEST_CASE("a service's override replaces the default as a whole", "[policy]") {
  const Policy p = *parsePolicy(kFull).policy;
  const Rules& massage = p.rulesFor("11");
  CHECK(massage.cancel.noticeMinutes == 48 * 60);
  CHECK(massage.cancel.fee->amount == Money{1500, "GBP"});
  CHECK(massage.reschedule.noticeMinutes == 0);
  CHECK_FALSE(massage.maxReschedules);   // not inherited from the default
  CHECK_FALSE(massage.noShow.fee);       // neither
  CHECK(&p.rulesFor("12") == &p.defaults);
  CHECK(&p.rulesFor("") == &p.defaults);
}

TEST_CASE("a policy serialises back to JSON that parses to the same policy", "[policy]") {
  const Policy p = *parsePolicy(kFull).policy;
  const std::string json = policyToJson(p);
  const PolicyParse again = parsePolicy(json);
  INFO(json << "\n" << dump(again));
  REQUIRE(again.ok());
  CHECK(*again.policy == p);
  CHECK(policyToJson(*again.policy) == json); // canonical: stable text
  CHECK(json.find(R"("notice":{"hours":24})") != std::string::npos);
  CHECK(json.find(R"("notice":{"minutes":90})") != std::string::npos);
  CHECK(json.find(R"("fee":{"percent":50})") != std::string::npos);
}

TEST_CASE("fractional percentages keep two decimals and no more", "[policy]") {
  const char* json = R"({"default": {"cancel": {"notice": {"hours": 1}, "late": "fee", "fee": {"percent": 12.5}},
                                     "reschedule": {"notice": {"hours": 1}, "late": "refuse"}}})";
  const PolicyParse parsed = parsePolicy(json);
  REQUIRE(parsed.ok());
  CHECK(parsed.policy->defaults.cancel.fee->percentBasisPoints == 1250);
  CHECK(policyToJson(*parsed.policy).find(R"("percent":12.5)") != std::string::npos);
  const PolicyParse tooFine = parsePolicy(R"({"default": {"cancel": {"notice": {"hours": 1}, "late": "fee", "fee": {"percent": 12.345}},
                                                        "reschedule": {"notice": {"hours": 1}, "late": "refuse"}}})");
  CHECK(hasError(tooFine, "default.cancel.fee.percent", "two decimals"));
}

TEST_CASE("every invalid field is reported with its name", "[policy]") {
  const PolicyParse p = parsePolicy(R"({
    "default": {
      "cancel": {"notice": {"hours": -1}, "late": "maybe"},
      "reschedule": {"notice": {"hours": 2, "minutes": 5}, "late": "fee"},
      "max_reschedules": 101,
      "no_show": {"fee": {"amount_cents": 1550, "currency": "TWD"},
                  "limit": {"count": 0, "months": 6, "consequence": "ban"}},
      "colour": "red"
    },
    "services": {"abc": {}, "12": {"cancel": {"notice": {"hours": 1}, "late": "refuse", "fee": {"percent": 10}},
                                   "reschedule": {"notice": {"hours": 1}, "late": "fee", "fee": {"percent": 0}}}}
  })");
  INFO(dump(p));
  CHECK_FALSE(p.ok());
  CHECK(hasError(p, "default.cancel.notice.hours", "from 0 to 8760"));
  CHECK(hasError(p, "default.cancel.late", "\"refuse\" or \"fee\""));
  CHECK(hasError(p, "default.reschedule.notice", "either hours or minutes"));
  CHECK(hasError(p, "default.reschedule.fee", "required when late is \"fee\""));
  CHECK(hasError(p, "default.max_reschedules", "from 0 to 100"));
  CHECK(hasError(p, "default.no_show.fee.amount_cents", "whole units"));
  CHECK(hasError(p, "default.no_show.limit.count", "from 1 to 100"));
  CHECK(hasError(p, "default.no_show.limit.consequence", "confirmation_required"));
  CHECK(hasError(p, "default.colour", "unknown field"));
  CHECK(hasError(p, "services.abc", "string of digits"));
  CHECK(hasError(p, "services.12.cancel.fee", "only with late"));
  CHECK(hasError(p, "services.12.reschedule.fee.percent", "more than 0"));
}

TEST_CASE("missing parts and wrong types are named", "[policy]") {
  CHECK(hasError(parsePolicy("{}"), "default", "required"));
  CHECK(hasError(parsePolicy("[]"), "", "must be an object"));
  CHECK(hasError(parsePolicy("{\"default\": "), "", "not valid JSON"));
  const PolicyParse p = parsePolicy(R"({"default": {"cancel": {"late": "refuse"},
    "reschedule": {"notice": {"hours": "24"}, "late": "fee", "fee": {"amount_cents": 100, "currency": "pounds"}}},
    "services": []})");
  CHECK(hasError(p, "default.cancel.notice", "required"));
  CHECK(hasError(p, "default.reschedule.notice.hours", "whole number"));
  CHECK(hasError(p, "default.reschedule.fee.currency", "ISO 4217"));
  CHECK(hasError(p, "services", "must be an object"));
  CHECK(hasError(parsePolicy(R"({"default": {"cancel": {"notice": {"hours": 1}, "late": "refuse"}}})"), "default.reschedule", "required"));
}

TEST_CASE("publishing a changed policy makes version n+1, an unchanged one keeps n", "[policy][versions]") {
  const Policy first = *parsePolicy(kFull).policy;
  const Publication v1 = publish(std::nullopt, first);
  CHECK(v1.changed);
  CHECK(v1.published.version == 1);

  // the same rules written differently (24 hours as 1440 minutes) are unchanged
  std::string rewritten = policyToJson(first);
  rewritten.replace(rewritten.find(R"("hours":24)"), 10, R"("minutes":1440)");
  const PolicyParse reparsed = parsePolicy(rewritten);
  REQUIRE(reparsed.ok());
  const Publication same = publish(v1.published, *reparsed.policy);
  CHECK_FALSE(same.changed);
  CHECK(same.published.version == 1);

  Policy changed = first;
  changed.defaults.cancel.noticeMinutes = 12 * 60;
  const Publication v2 = publish(v1.published, changed);
  CHECK(v2.changed);
  CHECK(v2.published.version == 2);
  CHECK(v2.published.policy == changed);

  Policy overrideChanged = changed;
  overrideChanged.services["11"].maxReschedules = 1;
  const Publication v3 = publish(v2.published, overrideChanged);
  CHECK(v3.changed);
  CHECK(v3.published.version == 3);
  CHECK_FALSE(publish(v3.published, overrideChanged).changed);
}
