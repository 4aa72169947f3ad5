#pragma once
#include <string>
#include <string_view>

namespace terms {

/// CommonMark to HTML with libcmark (the reference implementation) in its safe mode: raw
/// HTML blocks and inline HTML are left out and javascript:, vbscript:, file: and data:
/// links are emptied, so a business's text can never inject script into the booking page.
/// Emphasis with `*` follows the CJK-friendly amendment (CjkEmphasis.h), so `**取消：**請`
/// is bold in Chinese as `**Cancel:** please` is in English.
std::string renderSafeHtml(std::string_view markdown);

/// Lower-case hex SHA-256 of the bytes (OpenSSL).
std::string sha256Hex(std::string_view bytes);

} // namespace terms
