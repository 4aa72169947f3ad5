// Prices (web/static/core/money.js), without a browser: each currency with its own symbol
// and the decimals it is used with, and the currency a new business's services start in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatMoneyIn, currencyForBusiness } from "../../web/static/core/money.js";

const plain = (s) => s.replace(/\u00a0/g, " ");

test("New Taiwan dollars read NT$800 in both languages: never a bare $, no cents", () => {
  assert.equal(formatMoneyIn("zh-TW", 80000, "TWD"), "NT$800");
  assert.equal(formatMoneyIn("en-GB", 80000, "TWD"), "NT$800");
  assert.equal(formatMoneyIn("en", 80050, "TWD"), "NT$800.50"); // an odd amount keeps what it has
});

test("other currencies keep their symbol and decimals", () => {
  assert.equal(formatMoneyIn("en-GB", 8000, "EUR"), "€80.00");
  assert.equal(formatMoneyIn("en-GB", 8000, "GBP"), "£80.00");
  assert.equal(formatMoneyIn("en-US", 8000, "USD"), "$80.00");
  assert.equal(formatMoneyIn("zh-TW", 8000, "USD"), "US$80.00");
  assert.equal(plain(formatMoneyIn("en-GB", 80000, "JPY")), "JP¥800");
  assert.equal(formatMoneyIn("en-GB", 8000, "HKD"), "HK$80.00");
  assert.equal(formatMoneyIn("zh-TW", 8000, "AUD"), "AU$80.00");
  assert.equal(formatMoneyIn("en-GB", 8000, "nope"), "€80.00"); // not a currency code: the default
});

test("a new service starts in the currency of the business's country", () => {
  assert.equal(currencyForBusiness("Asia/Taipei", "zh-TW"), "TWD");
  assert.equal(currencyForBusiness("Asia/Taipei", "en"), "TWD");
  assert.equal(currencyForBusiness("Europe/London", "en"), "GBP");
  assert.equal(currencyForBusiness("Europe/Berlin", "en"), "EUR");
  assert.equal(currencyForBusiness("America/New_York", "en"), "USD");
  assert.equal(currencyForBusiness("Antarctica/Troll", "zh-TW"), "TWD"); // unknown zone: by the language
  assert.equal(currencyForBusiness("Antarctica/Troll", "en"), "EUR");
});
