#include "store/Row.h"

#include "store/DatabaseError.h"

namespace atrium::store {

std::size_t Row::indexOf(std::string_view column) const {
  for (std::size_t i = 0; i < columns_->size(); ++i)
    if ((*columns_)[i] == column) return i;
  throw DatabaseError(DatabaseError::Kind::Invalid, "no column '" + std::string(column) + "' in result");
}

const Value& Row::at(std::size_t index) const {
  if (index >= values_.size())
    throw DatabaseError(DatabaseError::Kind::Invalid, "column index " + std::to_string(index) + " out of range");
  return values_[index];
}

} // namespace atrium::store
