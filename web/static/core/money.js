// Prices: formatted with the currency's own symbol and the decimals it is used with, and the
// currency a new business most likely prices in. No DOM: also imported by the unit tests.

/// Currencies priced in whole units in practice, though ISO 4217 gives them cents
/// (Intl uses the ISO digits): NT$800, not NT$800.00 (ICU's "cash digits" for them are 0).
const WHOLE_UNITS = new Set(["TWD", "HUF", "CLP", "ISK"]);

/// `cents` of `currency` in `locale`: "€80.00", "NT$800", "¥800". A currency whose symbol in
/// this locale is a bare "$" but is not the locale's own dollar (TWD in zh-TW shows "$") gets
/// its international symbol ("NT$"), so a price never reads as US dollars.
export function formatMoneyIn(locale, cents, currency) {
  const code = /^[A-Za-z]{3}$/.test(currency || "") ? currency.toUpperCase() : "EUR";
  const options = { style: "currency", currency: code };
  if (WHOLE_UNITS.has(code) && (cents || 0) % 100 === 0) options.maximumFractionDigits = options.minimumFractionDigits = 0;
  const parts = new Intl.NumberFormat(locale, options).formatToParts((cents || 0) / 100);
  const symbol = parts.find((p) => p.type === "currency");
  if (symbol && symbol.value === "$" && code !== "USD") {
    symbol.value = new Intl.NumberFormat("en-GB", { style: "currency", currency: code }).formatToParts(0).find((p) => p.type === "currency").value;
  }
  return parts.map((p) => p.value).join("");
}

/// The currency of the country a time zone belongs to, for the zones businesses use most;
/// null when unknown. (Browsers have no zone → country table; this is a hand-kept one.)
const ZONE_CURRENCY = {
  "Asia/Taipei": "TWD", "Asia/Tokyo": "JPY", "Asia/Seoul": "KRW", "Asia/Hong_Kong": "HKD", "Asia/Shanghai": "CNY",
  "Asia/Singapore": "SGD", "Asia/Kuala_Lumpur": "MYR", "Asia/Bangkok": "THB", "Asia/Manila": "PHP", "Asia/Jakarta": "IDR",
  "Asia/Kolkata": "INR", "Asia/Dubai": "AED", "Asia/Jerusalem": "ILS",
  "Europe/London": "GBP", "Europe/Dublin": "EUR", "Europe/Zurich": "CHF", "Europe/Stockholm": "SEK", "Europe/Oslo": "NOK",
  "Europe/Copenhagen": "DKK", "Europe/Warsaw": "PLN", "Europe/Prague": "CZK", "Europe/Budapest": "HUF", "Europe/Bucharest": "RON",
  "Europe/Istanbul": "TRY", "Atlantic/Reykjavik": "ISK",
  "America/New_York": "USD", "America/Chicago": "USD", "America/Denver": "USD", "America/Los_Angeles": "USD",
  "America/Phoenix": "USD", "America/Anchorage": "USD", "Pacific/Honolulu": "USD", "America/Toronto": "CAD",
  "America/Vancouver": "CAD", "America/Mexico_City": "MXN", "America/Sao_Paulo": "BRL", "America/Santiago": "CLP",
  "America/Argentina/Buenos_Aires": "ARS", "America/Bogota": "COP", "America/Lima": "PEN",
  "Australia/Sydney": "AUD", "Australia/Melbourne": "AUD", "Australia/Brisbane": "AUD", "Australia/Perth": "AUD",
  "Pacific/Auckland": "NZD", "Africa/Johannesburg": "ZAR",
};

/// The currency a new service of a business most likely has: its zone's country's, else
/// the euro for the rest of Europe, else by its language (zh-TW: TWD), else EUR.
export function currencyForBusiness(timeZone, locale) {
  if (ZONE_CURRENCY[timeZone]) return ZONE_CURRENCY[timeZone];
  if (/^Europe\//.test(timeZone || "")) return "EUR";
  if (locale === "zh-TW") return "TWD";
  return "EUR";
}
