// Messages for people in the reader's language: templates, placeholders, the compiled-in
// catalogue and the choice of language from Accept-Language.
#include "core/Errors.h"
#include "core/Text.h"

#include <catch2/catch.hpp>

using atrium::core::localeFromAcceptLanguage;
using atrium::core::Text;

TEST_CASE("a text renders its template in English and in Traditional Chinese", "[i18n]") {
  Text plain("no such client");
  CHECK(plain.render() == "no such client");
  CHECK(plain.render("zh-TW") == "找不到此客戶");
  CHECK(plain.render("fr") == "no such client"); // a locale without a catalogue reads English

  Text withArgs("duration_min must be from 5 to {max}", {{"max", "1440"}});
  CHECK(withArgs.render() == "The duration must be from 5 to 1440 minutes"); // English for readers, not the API's name
  CHECK(withArgs.plain() == "duration_min must be from 5 to 1440");           // logs and what() keep the template
  CHECK(withArgs.render("zh-TW") == "時長須為 5 到 1440 分鐘");

  Text unknown("a sentence no catalogue has {n}", {{"n", "1"}});
  CHECK(unknown.render("zh-TW") == "a sentence no catalogue has 1"); // English rather than nothing
}

TEST_CASE("a field placeholder shows the field's label where the catalogue has one", "[i18n]") {
  Text known("{field} must have at most {max} characters", {{"field", "description"}, {"max", "2000"}});
  CHECK(known.render() == "Description must have at most 2000 characters"); // the English label
  CHECK(known.plain() == "description must have at most 2000 characters");
  CHECK(known.render("zh-TW") == "「說明」最多 2000 個字元");
  Text unlabelled("{field} is required", {{"field", "retention_days"}});
  CHECK(unlabelled.render("zh-TW") == "請填寫「retention_days」");
}

TEST_CASE("a plugin's own label for its setting wins, in each language it gives", "[i18n]") {
  Text t("{field} must be at least {min}", {{"field", "days"}, {"min", "1"}});
  t.labelField("en", "Days after the booking ends").labelField("zh-TW", "預約結束後的天數");
  CHECK(t.render() == "Days after the booking ends must be at least 1");
  CHECK(t.render("zh-TW") == "「預約結束後的天數」至少須為 1");
  Text only("{field} must be at least {min}", {{"field", "days"}, {"min", "1"}});
  only.labelField("en", "Days");
  CHECK(only.render("zh-TW") == "「days」至少須為 1"); // no zh-TW label: the setting's name
}

TEST_CASE("only named placeholders are replaced, and values are never re-read as placeholders", "[i18n]") {
  Text braces("hours must be an array of {weekday, start_min, end_min}");
  CHECK(braces.render() == "The working hours must be a list of {weekday, start_min, end_min}");
  Text nested("unknown field '{field}'", {{"field", "{field}"}});
  CHECK(nested.render() == "unknown field '{field}'");
  Text verbatim = Text::verbatim("no such client");
  CHECK(verbatim.render("zh-TW") == "no such client"); // a plugin's own words are not looked up
}

TEST_CASE("errors keep their text: what() in English, the text for any reader", "[i18n]") {
  atrium::core::ValidationError e("buffer_min", Text("buffer_min must be from 0 to {max}", {{"max", "240"}}));
  CHECK(std::string(e.what()) == "buffer_min must be from 0 to 240");
  CHECK(e.text().render("zh-TW") == "緩衝時間須為 0 到 240 分鐘");
  CHECK(e.field() == "buffer_min");
}

TEST_CASE("the reader's language comes from Accept-Language with its weights", "[i18n]") {
  CHECK(localeFromAcceptLanguage("") == "en");
  CHECK(localeFromAcceptLanguage("zh-TW") == "zh-TW");
  CHECK(localeFromAcceptLanguage("zh-Hant-TW,zh;q=0.9,en;q=0.8") == "zh-TW");
  CHECK(localeFromAcceptLanguage("ZH-hk") == "zh-TW");
  CHECK(localeFromAcceptLanguage("en-GB,en;q=0.9,zh-TW;q=0.8") == "en");
  CHECK(localeFromAcceptLanguage("en;q=0.5, zh-TW;q=0.9") == "zh-TW");
  CHECK(localeFromAcceptLanguage("zh-CN,zh-Hans;q=0.9") == "en"); // Simplified Chinese readers are not served Traditional
  CHECK(localeFromAcceptLanguage("fr-FR, de;q=0.8") == "en");
  CHECK(localeFromAcceptLanguage("zh-TW;q=0, en;q=0.1") == "en"); // q=0 means "not this one"
  CHECK(localeFromAcceptLanguage(" zh-TW ; q=0.7 ,fr") == "zh-TW");
}
