/// Value types shared by every part of the Atrium plugin ABI.
///
/// Rules that hold across the whole ABI:
/// - Every struct begins with `size_t struct_size`, set by whoever allocates it
///   to sizeof the struct it was compiled against. Structs only grow at the
///   end; a reader uses a field only if struct_size covers it
///   (ATRIUM_HAS_FIELD) and otherwise assumes its zero value. The three value
///   types in this file (atrium_str, atrium_buffer, atrium_subject) are the
///   exception: they are frozen for the whole major version.
/// - Text is UTF-8, passed as an atrium_str view, never assumed NUL-terminated.
/// - Structured data is JSON text (an object unless stated otherwise).
/// - Whoever allocates frees: every owned result is an atrium_buffer that
///   carries its own release function.
/// - No C++ type, exception or allocator crosses the boundary.
#ifndef ATRIUM_ABI_TYPES_H
#define ATRIUM_ABI_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of every host call and every plugin callback. Carried as int32_t so
/// its size never depends on the compiler; a receiver treats a value it does
/// not know (added by a newer minor) as ATRIUM_INTERNAL.
typedef int32_t atrium_status;

enum atrium_status_code {
  ATRIUM_OK = 0,
  /// Malformed argument, JSON, name or struct; also a call that needs a
  /// business made from a context that has none (init, shutdown).
  ATRIUM_INVALID_ARGUMENT = 1,
  ATRIUM_NOT_FOUND = 2,
  /// The plugin did not declare the capability the call needs in its manifest.
  ATRIUM_PERMISSION_DENIED = 3,
  /// A filter vetoed the operation; its message is shown to the user.
  ATRIUM_REJECTED = 4,
  /// Transient: the database or another service is down; retrying may work.
  ATRIUM_UNAVAILABLE = 5,
  /// A bug or an unexpected failure, including a caught exception.
  ATRIUM_INTERNAL = 6,
  /// The kernel does not know this domain call or hook id.
  ATRIUM_UNIMPLEMENTED = 7,
  /// A size limit or quota set by the kernel was exceeded.
  ATRIUM_RESOURCE_EXHAUSTED = 8
};

/// Borrowed UTF-8 text: `len` bytes at `ptr`, no terminator required. The
/// owner is whoever made the call or built the struct holding it; the view is
/// valid only until that call returns. {NULL, 0} is the empty string.
typedef struct atrium_str {
  const char* ptr;
  size_t len;
} atrium_str;

/// Initializer for a view of a string literal, valid in C and C++:
/// `atrium_str s = ATRIUM_STR_INIT("booking.validate@1");`
#define ATRIUM_STR_INIT(literal) { (literal), sizeof(literal) - 1 }

/// Owned bytes (usually JSON text, not NUL-terminated). The side that fills it
/// allocates `ptr`/`owner` and sets `release`; the side that receives it owns
/// it and must call atrium_buffer_release exactly once when done. An empty
/// buffer ({0}) owns nothing. `release` points into the allocating library,
/// so a buffer must be released before that library is unloaded.
typedef struct atrium_buffer {
  const char* ptr;
  size_t len;
  /// What `release` frees: the allocation itself or an object holding `ptr`.
  void* owner;
  /// Frees `owner`; NULL when there is nothing to free.
  void (*release)(void* owner);
} atrium_buffer;

/// Frees `buffer` through its own release function and empties it.
/// Safe on an empty or already released buffer.
static inline void atrium_buffer_release(atrium_buffer* buffer) {
  if (buffer == NULL) {
    return;
  }
  if (buffer->release != NULL) {
    buffer->release(buffer->owner);
  }
  buffer->ptr = NULL;
  buffer->len = 0;
  buffer->owner = NULL;
  buffer->release = NULL;
}

/// Whom a piece of data is about. Carried as int32_t; 0 is "nobody".
typedef int32_t atrium_subject_kind;

enum atrium_subject_kind_code {
  /// No person: the data must not be personal data (e.g. a terms version).
  ATRIUM_SUBJECT_NONE = 0,
  /// A client of the current business.
  ATRIUM_SUBJECT_CLIENT = 1,
  /// A staff user (owner or employee) of the current business.
  ATRIUM_SUBJECT_STAFF = 2
};

/// A data subject: a kind and the kernel's opaque id of that person (the `id`
/// fields of hook payloads). `id` is empty for ATRIUM_SUBJECT_NONE.
typedef struct atrium_subject {
  atrium_subject_kind kind;
  atrium_str id;
} atrium_subject;

/// Kernel-owned context of one call into a plugin: which plugin, which
/// business (none during init and shutdown), which request. Opaque; valid only
/// until the callback it was passed to returns, and only on that thread.
typedef struct atrium_host_ctx atrium_host_ctx;

/// True when the struct at `ptr`, whose struct_size was set by the other side,
/// is large enough to contain `field` of `type`.
#define ATRIUM_HAS_FIELD(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

#ifdef __cplusplus
}
#endif

#endif
