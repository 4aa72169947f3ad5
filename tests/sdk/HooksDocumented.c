/* docs/sdk.md documents every hook of ATRIUM_HOOKS (atrium/abi/hooks.h): its id and its
 * C++ override, each written as `code`. Usage: sdk_hooks_documented <path to sdk.md> */
#include <atrium/abi/hooks.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* readAll(const char* path) {
  FILE* f = fopen(path, "rb");
  char* text = NULL;
  long size = 0;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = (char*)malloc((size_t)size + 1);
    if (text != NULL) {
      size_t got = fread(text, 1, (size_t)size, f);
      text[got] = '\0';
    }
  }
  fclose(f);
  return text;
}

/* 1 when `word` appears in `text` as `word` (between backticks). */
static int mentions(const char* text, const char* word) {
  char quoted[128];
  if (strlen(word) + 3 > sizeof quoted) return 0;
  sprintf(quoted, "`%s`", word);
  return strstr(text, quoted) != NULL;
}

int main(int argc, char** argv) {
  int missing = 0;
  int hooks = 0;
  char* text;
  if (argc != 2) {
    fprintf(stderr, "usage: %s docs/sdk.md\n", argv[0]);
    return 2;
  }
  text = readAll(argv[1]);
  if (text == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
#define CHECK_HOOK(name, id, kind, targeted)                                          \
  ++hooks;                                                                            \
  if (!mentions(text, id)) {                                                          \
    fprintf(stderr, "%s: hook %s is not documented (as `%s`)\n", argv[1], id, id);  \
    ++missing;                                                                        \
  }                                                                                   \
  if (!mentions(text, "on" #name)) {                                                  \
    fprintf(stderr, "%s: the C++ override of %s, on" #name ", is not documented\n", argv[1], id); \
    ++missing;                                                                        \
  }
  ATRIUM_HOOKS(CHECK_HOOK)
#undef CHECK_HOOK
  free(text);
  if (missing == 0) printf("%d hooks, each documented in %s\n", hooks, argv[1]);
  return missing == 0 ? 0 : 1;
}
