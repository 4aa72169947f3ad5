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

// CommonMark leaves `**取消：**請` with its asterisks (the closing run follows a punctuation mark
// and precedes a letter); the CJK-friendly amendment, which the renderer follows for `*`, bolds it.
TEST_CASE("terms Markdown: bold next to CJK punctuation (CJK-friendly amendment)", "[terms]") {
  CHECK(terms::renderSafeHtml("**取消：**請於 24 小時前通知。") == "<p><strong>取消：</strong>請於 24 小時前通知。</p>\n");
  CHECK(terms::renderSafeHtml("這是**「重要」**的事。") == "<p>這是<strong>「重要」</strong>的事。</p>\n");
  CHECK(terms::renderSafeHtml("這是**我想做的事。**所以繼續。") == "<p>這是<strong>我想做的事。</strong>所以繼續。</p>\n");
  CHECK(terms::renderSafeHtml("請*務必（準時）*到達") == "<p>請<em>務必（準時）</em>到達</p>\n");
  // the specification's examples (Japanese, Korean, a link inside)
  CHECK(terms::renderSafeHtml("**この文を強調できますか？**残念") == "<p><strong>この文を強調できますか？</strong>残念</p>\n");
  CHECK(terms::renderSafeHtml("**이 용어(This term)**를 강조해 주세요.") == "<p><strong>이 용어(This term)</strong>를 강조해 주세요.</p>\n");
  CHECK(terms::renderSafeHtml("国際規格**[ECMA-262](https://tc39.es/ecma262/)**") ==
        "<p>国際規格<strong><a href=\"https://tc39.es/ecma262/\">ECMA-262</a></strong></p>\n");

  // Latin text keeps CommonMark's rules, and what CommonMark keeps literal stays so.
  CHECK(terms::renderSafeHtml("Cancel **24 hours** before.") == "<p>Cancel <strong>24 hours</strong> before.</p>\n");
  CHECK(terms::renderSafeHtml("a**\"b\"**c") == "<p>a**&quot;b&quot;**c</p>\n");
  CHECK(terms::renderSafeHtml("2 * 3 * 4") == "<p>2 * 3 * 4</p>\n");
  CHECK(terms::renderSafeHtml("***") == "<hr />\n");
  CHECK(terms::renderSafeHtml("* one\n* two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  CHECK(terms::renderSafeHtml("\\*\\*取消：\\*\\*請") == "<p>**取消：**請</p>\n");
  // code, code blocks and link destinations are shown exactly as written
  CHECK(terms::renderSafeHtml("`中**「x」**中`") == "<p><code>中**「x」**中</code></p>\n");
  CHECK(terms::renderSafeHtml("    中**「x」**中\n") == "<pre><code>中**「x」**中\n</code></pre>\n");
  CHECK(terms::renderSafeHtml("[x](https://e.example/中**「y」)") == "<p><a href=\"https://e.example/%E4%B8%AD**%E3%80%8Cy%E3%80%8D\">x</a></p>\n");
  // the pass's marker never shows, nor does a noncharacter typed into the text
  auto html = terms::renderSafeHtml("中**「x」**中 \xEF\xB7\x90 `**「」**中`");
  CHECK_THAT(html, !Catch::Contains("\xEF\xB7\x90") && !Catch::Contains("FDD0") && !Catch::Contains("&amp;#"));
}
