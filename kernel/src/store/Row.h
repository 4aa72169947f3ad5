#pragma once
#include "store/Value.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::store {

/// One result row with typed access by index or column name. Column names are shared by
/// all rows of one result. Accessors throw DatabaseError(Invalid) for an unknown column
/// or a value of the wrong type.
class Row {
public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  std::size_t indexOf(std::string_view column) const;
  const Value& at(std::size_t index) const;
  const Value& at(std::string_view column) const { return at(indexOf(column)); }

  template <class Key> bool isNull(Key k) const { return at(k).isNull(); }
  template <class Key> std::int64_t getInt(Key k) const { return at(k).asInt(); }
  template <class Key> double getDouble(Key k) const { return at(k).asDouble(); }
  template <class Key> bool getBool(Key k) const { return at(k).asInt() != 0; }
  template <class Key> std::string getText(Key k) const { return at(k).asText(); }
  template <class Key> std::optional<std::string> getOptionalText(Key k) const {
    const Value& v = at(k);
    return v.isNull() ? std::nullopt : std::optional<std::string>(v.asText());
  }
  template <class Key> std::optional<std::int64_t> getOptionalInt(Key k) const {
    const Value& v = at(k);
    return v.isNull() ? std::nullopt : std::optional<std::int64_t>(v.asInt());
  }

private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

using ResultSet = std::vector<Row>;

} // namespace atrium::store
