/// Conversions between C ABI values and C++ types, used by the wrapper.
#ifndef ATRIUM_SDK_ABI_HPP
#define ATRIUM_SDK_ABI_HPP

#include "atrium/abi/types.h"

#include <memory>
#include <string>
#include <string_view>

namespace atrium::sdk {

/// Borrows `text`; valid as long as `text`'s storage.
inline atrium_str toAbi(std::string_view text) noexcept {
  return atrium_str{text.data(), text.size()};
}

inline std::string_view fromAbi(atrium_str text) noexcept {
  return text.ptr == nullptr ? std::string_view()
                             : std::string_view(text.ptr, text.len);
}

/// Copies the bytes of a buffer the other side allocated, then releases it
/// (also when the copy throws).
inline std::string takeBuffer(atrium_buffer& buffer) {
  struct Release {
    atrium_buffer& buffer_;
    ~Release() { atrium_buffer_release(&buffer_); }
  } release{buffer};
  return buffer.ptr == nullptr ? std::string()
                               : std::string(buffer.ptr, buffer.len);
}

inline void releaseString(void* owner) noexcept {
  delete static_cast<std::string*>(owner);
}

/// Moves `text` into a buffer this plugin allocated, for the kernel to
/// release; empty text gives an empty buffer. Throws std::bad_alloc.
inline atrium_buffer makeBuffer(std::string text) {
  if (text.empty()) {
    return atrium_buffer{nullptr, 0, nullptr, nullptr};
  }
  auto owner = std::make_unique<std::string>(std::move(text));
  atrium_buffer buffer{owner->data(), owner->size(), owner.get(),
                       &releaseString};
  owner.release();
  return buffer;
}

} // namespace atrium::sdk

#endif
