#pragma once
#include <string>
#include <string_view>

namespace two_factor {

/// An SVG QR code (libqrencode, error correction M, 4-module quiet zone) of `text`.
/// Throws std::runtime_error when the text does not fit a QR code.
std::string qrSvg(std::string_view text);

} // namespace two_factor
