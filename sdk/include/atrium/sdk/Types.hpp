/// Value types taken by Host. Views in them are borrowed for the call only.
#ifndef ATRIUM_SDK_TYPES_HPP
#define ATRIUM_SDK_TYPES_HPP

#include "atrium/abi/host.h"
#include "atrium/sdk/Abi.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/Status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::sdk {

enum class SubjectKind : std::int32_t {
  None = ATRIUM_SUBJECT_NONE,
  Client = ATRIUM_SUBJECT_CLIENT,
  Staff = ATRIUM_SUBJECT_STAFF,
};

/// Whom data is about: nobody, or a client or staff user of the business.
struct Subject {
  SubjectKind kind = SubjectKind::None;
  std::string id;

  static Subject none() { return Subject{}; }
  static Subject client(std::string id) {
    return Subject{SubjectKind::Client, std::move(id)};
  }
  static Subject staff(std::string id) {
    return Subject{SubjectKind::Staff, std::move(id)};
  }

  /// Reads a payload person {"kind": "client"|"staff"|"none", "id"}; a
  /// missing or null value is None. Throws Error(InvalidArgument) on an
  /// unknown kind or a client/staff without an id.
  static Subject fromJson(const rapidjson::Value* person) {
    if (person == nullptr || person->IsNull()) {
      return none();
    }
    const std::string_view kind = stringAt(*person, "kind");
    const std::string_view id = stringAt(*person, "id");
    if (kind == "none") {
      return none();
    }
    if ((kind != "client" && kind != "staff") || id.empty()) {
      throw Error(StatusCode::InvalidArgument, "malformed person in payload");
    }
    return Subject{kind == "client" ? SubjectKind::Client : SubjectKind::Staff,
                   std::string(id)};
  }

  /// Borrows `id`.
  atrium_subject toAbi() const noexcept {
    return atrium_subject{static_cast<atrium_subject_kind>(kind),
                          sdk::toAbi(id)};
  }
};

enum class LogLevel : std::int32_t {
  Debug = ATRIUM_LOG_DEBUG,
  Info = ATRIUM_LOG_INFO,
  Warning = ATRIUM_LOG_WARNING,
  Error = ATRIUM_LOG_ERROR,
};

/// See atrium_record.
struct Record {
  std::string_view collection;
  std::string_view key;
  Subject subject;
  std::string_view valueJson;
  /// Left out of the automatic export (ATRIUM_RECORD_SECRET).
  bool secret = false;
  /// 0 = kept until deleted or its subject erased.
  std::int64_t expiresAtUs = 0;
};

/// See atrium_record_query.
struct RecordQuery {
  std::string_view collection;
  std::string_view keyPrefix;
  /// Empty = any subject.
  std::optional<Subject> subject;
  std::uint32_t limit = 0;
  std::string_view cursor;
};

/// See atrium_notification.
struct Notification {
  Subject recipient;
  std::string_view templateKey;
  std::string_view dataJson = "{}";
  bool promotional = false;
};

/// See atrium_job.
struct Job {
  std::string_view name;
  std::int64_t runAtUs = 0;
  std::int64_t intervalUs = 0;
  std::string_view payloadJson = "{}";
};

enum class Audience : std::int32_t {
  Public = ATRIUM_ROUTE_PUBLIC,
  Client = ATRIUM_ROUTE_CLIENT,
  Staff = ATRIUM_ROUTE_STAFF,
};

/// See atrium_route.
struct Route {
  std::string_view method;
  std::string_view path;
  Audience audience = Audience::Staff;
  bool requiresReauth = false;
};

} // namespace atrium::sdk

#endif
