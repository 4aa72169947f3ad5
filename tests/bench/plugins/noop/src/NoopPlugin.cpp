/// A booking.validate@1 filter that parses the payload (as every real plugin does) and
/// passes: the cost of one plugin in the dispatch benchmark.
#include <atrium/sdk/Sdk.hpp>

namespace {

class NoopPlugin : public atrium::sdk::Plugin {
public:
  atrium::sdk::FilterResult onBookingValidate(atrium::sdk::Host&, const rapidjson::Value& payload) override {
    return atrium::sdk::stringAt(payload, "booking.note") == "never" ? atrium::sdk::FilterResult::reject("never")
                                                                      : atrium::sdk::FilterResult::pass();
  }
};

} // namespace

ATRIUM_PLUGIN(NoopPlugin, ATRIUM_PLUGIN_MANIFEST)
