/* Every ABI header, alone and together, in C99; plus a minimal plugin
 * written against the raw ABI, to show the structs initialise from C.
 * Exits 0 when the descriptor reads back as built. */
#include "atrium/abi/version.h"
#include "atrium/abi/types.h"
#include "atrium/abi/hooks.h"
#include "atrium/abi/host.h"
#include "atrium/abi/domain.h"
#include "atrium/abi/plugin.h"
#include "atrium/abi/entry.h"
#include "atrium/abi/atrium.h"

#include <string.h>

static atrium_status onBookingCreated(void* instance, atrium_host_ctx* ctx,
                                      atrium_str payload_json,
                                      atrium_hook_result* result) {
  (void)instance;
  (void)ctx;
  (void)payload_json;
  (void)result;
  return ATRIUM_OK;
}

static atrium_status onInit(const atrium_host_api* host, atrium_host_ctx* ctx,
                            void** out_instance, atrium_buffer* out_message) {
  (void)host;
  (void)ctx;
  (void)out_message;
  *out_instance = NULL;
  return ATRIUM_OK;
}

static const atrium_hook hooks[] = {
    {sizeof(atrium_hook), ATRIUM_STR_INIT(ATRIUM_HOOK_BOOKING_CREATED_V1),
     ATRIUM_HOOK_EVENT, onBookingCreated},
};

static const char manifest[] = "{\"id\": \"c_example\"}";

static const atrium_plugin_descriptor descriptor = {
    sizeof(atrium_plugin_descriptor),
    ATRIUM_ABI_MAJOR,
    ATRIUM_ABI_MINOR,
    ATRIUM_STR_INIT(manifest),
    onInit,
    NULL,
    hooks,
    sizeof hooks / sizeof hooks[0]};

const atrium_plugin_descriptor* atrium_plugin_entry_v1(void) {
  return &descriptor;
}

int main(void) {
  atrium_plugin_entry_fn entry = atrium_plugin_entry_v1;
  const atrium_plugin_descriptor* d = entry();
  atrium_buffer empty = {NULL, 0, NULL, NULL};
  if (d->abi_major != ATRIUM_ABI_MAJOR || d->hook_count != 1 ||
      !ATRIUM_HAS_FIELD(d, atrium_plugin_descriptor, hook_count) ||
      d->hooks[0].id.len != strlen(ATRIUM_HOOK_BOOKING_CREATED_V1)) {
    return 1;
  }
  atrium_buffer_release(&empty);
  return 0;
}
