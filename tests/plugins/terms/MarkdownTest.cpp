// The business writes Markdown; what reaches the booking page must never carry script.
#include "Markdown.h"

#include <catch2/catch.hpp>

TEST_CASE("terms Markdown: CommonMark rendered, raw HTML and script links neutralised", "[terms]") {
  auto html = terms::renderSafeHtml("# Our terms\n\nYou may **cancel** up to 24 h before.\n\n- one\n- two\n");
  CHECK_THAT(html, Catch::Contains("<h1>Our terms</h1>") && Catch::Contains("<strong>cancel</strong>") && Catch::Contains("<li>two</li>"));

  for (const char* attack : {"<script>alert(1)</script>", "hello <img src=x onerror=alert(1)> there",
                             "[click](javascript:alert(1))", "[x](vbscript:msgbox)", "<iframe src=\"https://evil.example\"></iframe>",
                             "<a href=\"javascript:alert(1)\">a</a>", "![x](data:text/html;base64,PHNjcmlwdD4=)"}) {
    INFO(attack);
    auto out = terms::renderSafeHtml(attack);
    CHECK_THAT(out, !Catch::Contains("<script") && !Catch::Contains("onerror") && !Catch::Contains("javascript:") &&
                        !Catch::Contains("vbscript:") && !Catch::Contains("<iframe") && !Catch::Contains("text/html"));
  }
  // text that merely looks like markup is shown as text
  CHECK_THAT(terms::renderSafeHtml("Use `<script>` never"), Catch::Contains("<code>&lt;script&gt;</code>"));
}

TEST_CASE("terms hash: SHA-256 of the exact bytes", "[terms]") {
  CHECK(terms::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // FIPS 180-2 example
  CHECK(terms::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
