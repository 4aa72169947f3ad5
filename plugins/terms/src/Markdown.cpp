#include "Markdown.h"

#include "CjkEmphasis.h"

#include <cmark.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

namespace terms {

namespace {

std::string_view orEmpty(const char* text) { return text ? std::string_view(text) : std::string_view(); }

/// Takes the CJK pass's sentinel out of the parsed document: decoded (U+FDD0) in text and
/// link destinations, as written (the entity) where cmark keeps text verbatim (code).
void stripSentinels(cmark_node* document) {
  cmark_iter* iter = cmark_iter_new(document);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
      cmark_node_set_literal(node, without(orEmpty(cmark_node_get_literal(node)), kSentinelUtf8).c_str());
      break;
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
      cmark_node_set_literal(node, without(orEmpty(cmark_node_get_literal(node)), kSentinelEntity).c_str());
      break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      cmark_node_set_url(node, without(without(orEmpty(cmark_node_get_url(node)), kSentinelUtf8), kSentinelEntity).c_str());
      break;
    default:
      break;
    }
  }
  cmark_iter_free(iter);
}

} // namespace

std::string renderSafeHtml(std::string_view markdown) {
  // CMARK_OPT_DEFAULT is safe since cmark 0.29 (CMARK_OPT_UNSAFE would let raw HTML through)
  const std::string source = cjkFriendlyEmphasis(markdown);
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(cmark_parse_document(source.data(), source.size(), CMARK_OPT_DEFAULT),
                                                                   &cmark_node_free);
  if (!document) return {};
  stripSentinels(document.get());
  std::unique_ptr<char, decltype(&std::free)> html(cmark_render_html(document.get(), CMARK_OPT_DEFAULT), &std::free);
  return html ? std::string(html.get()) : std::string();
}

std::string sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

} // namespace terms
