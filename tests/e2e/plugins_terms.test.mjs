// The terms plugin's pages in Chromium: the owner, refused when publishing nothing, writes the
// terms and privacy policy in English in the editor (Custom features), previews them (a
// <script> in the Markdown never becomes an element), publishes version 1 in English only;
// on /b/demo the booking step shows the summary and an unticked checkbox, booking without
// ticking it is refused with the plugin's message, ticking it books; a reader in Traditional
// Chinese is shown the English text with a note saying so; the editor's acceptance list shows
// the client with version 1, and "no" once version 2 (now in both languages, refused beside
// a missing Chinese field first) is published.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, signIn, apiSession } from "./support/atrium.mjs";

let atrium, browser, owner;
const CLIENT = { name: "Terry Terms", email: "terry.terms@example.com" };
const EN = {
  summary: "You can cancel up to 24 hours before; we keep your details for 2 years.",
  terms: "# Booking terms\n\nCancel **24 hours** before.\n\n<script>window.__termsInjected = 1</script>\n\n[bad](javascript:alert(1))",
  // An image from elsewhere (the page's CSP would refuse it and log an error) becomes its alt
  // text; a link is kept only for http(s), mailto: and tel:.
  privacy: "# Privacy policy\n\n- We keep your name and email.\n- <img src=x onerror=alert(1)>\n\n" +
    "![Clinic logo](https://images.example/logo.png) [Call us](tel:+442079460000) [File share](ssh://files.example/terms)",
};
const ZH = {
  summary: "最晚可於 24 小時前取消；我們保存您的資料兩年。",
  terms: "# 預約條款\n\n請於 **24 小時**前取消。",
  privacy: "# 隱私權政策\n\n- 我們保存您的姓名與電子郵件。",
};

before(async () => {
  // the twenty API bookings below come from twenty clients, each at its own address (through the
  // loopback "proxy"): one address may book only public.bookingsPerHourPerAddress times an hour
  atrium = await startAtrium({ enable: ["terms"], set: { "http.trustedProxies": "127.0.0.1" } });
  browser = await launchBrowser();
  owner = await apiSession(atrium, "owner");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

async function openEditor(page) {
  const url = `${atrium.baseUrl}/app/#/settings/features`;
  if (page.url() === url) await page.reload(); else await page.goto(url);
  const editor = page.locator('.plugin-mount[data-plugin="terms"][data-slot="settings"]');
  await editor.getByRole("heading", { name: "Acceptances" }).waitFor();
  // Names and IP addresses only when asked for.
  assert.equal(await editor.locator(".terms-acceptances table, .terms-acceptances .empty").count(), 0);
  await editor.getByRole("button", { name: "Show who accepted" }).click();
  await editor.locator(".terms-acceptances table, .terms-acceptances .empty").first().waitFor();
  return editor;
}

/// Fills the visible language tab's three fields.
async function fill(editor, texts) {
  const panel = editor.getByRole("tabpanel");
  await panel.getByLabel("Short summary (shown beside the checkbox)").fill(texts.summary);
  await panel.getByLabel("Terms and conditions (Markdown)").fill(texts.terms);
  await panel.getByLabel("Privacy policy (Markdown)").fill(texts.privacy);
}

/// The privacy text's image from elsewhere is its alt text; only the tel: link stays a link.
async function assertCleaned(box) {
  assert.equal(await box.locator("img").count(), 0, "no image from another site");
  assert.match(await box.innerText(), /Clinic logo/);
  assert.equal(await box.getByRole("link", { name: "Call us" }).getAttribute("href"), "tel:+442079460000");
  assert.equal(await box.getByRole("link", { name: "File share" }).count(), 0, "an ssh: link is plain text");
  assert.match(await box.innerText(), /File share/);
}

test("the owner writes, previews and publishes the terms; a client must tick them to book; the owner sees the acceptance", async () => {
  const page = await newPage(browser);
  await signIn(page, atrium);
  let editor = await openEditor(page);
  await editor.getByText("Nothing published yet").waitFor();
  await editor.getByText("No acceptances yet.").waitFor();

  // English tab (the page's language) first.
  const enTab = editor.getByRole("tab", { name: "English" });
  const zhTab = editor.getByRole("tab", { name: "Traditional Chinese (繁體中文)" });
  assert.equal(await enTab.getAttribute("aria-selected"), "true");
  // Publishing nothing at all: refused, said beside the open tab's first field.
  await editor.getByRole("button", { name: "Publish as a new version" }).click();
  await editor.locator(".field-error").filter({ hasText: "in at least one language" }).waitFor();
  assert.equal(await editor.locator('textarea[name="locales.en.summary"]').getAttribute("aria-invalid"), "true");
  await screenshot(page, "plugins-terms-0-nothing-refused");
  await fill(editor, EN);
  await editor.getByRole("tabpanel").getByRole("button", { name: "Preview" }).click();
  const preview = editor.locator(".terms-preview");
  await preview.getByRole("heading", { name: "Booking terms", level: 6 }).waitFor(); // "#" sits below the page's headings
  await preview.getByRole("heading", { name: "Privacy policy", level: 6 }).waitFor();
  assert.equal(await preview.locator("script, img, [onerror]").count(), 0, "raw HTML is left out of the preview");
  assert.equal(await preview.locator('a[href^="javascript:"]').count(), 0, "no javascript: link");
  assert.equal(await preview.getByRole("link", { name: "bad" }).count(), 0, "the emptied link is plain text");
  await assertCleaned(preview);
  assert.match(await preview.innerText(), /Cancel 24 hours before\./);
  assert.equal(await page.evaluate(() => window.__termsInjected), undefined);
  await screenshot(page, "plugins-terms-1-preview");

  // The business offers English only: published in one step, the Chinese tab left empty.
  await editor.getByText(/in the languages you filled in \(one is enough/).waitFor();
  await editor.getByRole("button", { name: "Publish as a new version" }).click();
  await editor.getByRole("status").filter({ hasText: "Version 1 published." }).waitFor();
  await editor.getByText(/^Current version: 1, published /).waitFor();
  const v = await owner.call("GET", "/api/v1/plugins/terms/versions");
  assert.equal(v.body.current, 1);
  assert.deepEqual(Object.keys(v.body.versions[0].sha256), ["en"]);
  const row = editor.locator('tr[data-version="1"]');
  await row.locator(`code[title="${v.body.versions[0].sha256.en}"]`).waitFor();
  assert.equal((await row.locator("td").allInnerTexts()).at(-1), "—", "no Chinese text");
  await screenshot(page, "plugins-terms-3-published");

  // The public booking page: the summary and an unticked checkbox.
  const client = await newPage(browser);
  await client.goto(`${atrium.baseUrl}/b/demo`);
  await client.getByRole("button", { name: /^Consultation/ }).click();
  await client.getByRole("button", { name: /^Anyone available/ }).click();
  await client.locator(".times button").first().click();
  await client.getByRole("heading", { name: "Your details" }).waitFor();
  const step = client.locator("fieldset.terms-step");
  await step.getByText(EN.summary).waitFor();
  const box = client.getByLabel("I have read and accept the terms and conditions and the privacy policy (version 1).");
  assert.equal(await box.isChecked(), false);
  await step.getByText("Read the full text").click();
  await step.getByRole("heading", { name: "Booking terms", level: 4 }).waitFor();
  assert.equal(await step.locator(".terms-text script, .terms-text img").count(), 0);
  await assertCleaned(step);
  await client.getByLabel("Name", { exact: true }).fill(CLIENT.name);
  await client.getByLabel("Email", { exact: true }).fill(CLIENT.email);
  const posted = [];
  client.on("request", (r) => { if (r.method() === "POST" && /\/bookings$/.test(new URL(r.url()).pathname)) posted.push(r.url()); });
  await client.getByRole("button", { name: "Confirm booking" }).click();
  // asked beside the checkbox (once: not again in the alert), which gets the focus, before anything is sent
  await step.locator(".field-error").filter({ hasText: "Please read and accept the terms and privacy policy (version 1) to book." }).waitFor();
  assert.equal(await client.getByRole("alert").filter({ hasText: "Please read and accept" }).count(), 0);
  assert.equal(await box.getAttribute("aria-invalid"), "true");
  assert.equal(await client.evaluate(() => document.activeElement?.name), "terms.accepted");
  assert.deepEqual(posted, []);
  await screenshot(client, "plugins-terms-4-booking-refused");
  await box.check();
  await client.getByRole("button", { name: "Confirm booking" }).click();
  await client.getByRole("heading", { name: "You're booked" }).waitFor();
  await screenshot(client, "plugins-terms-5-booked");

  // A reader in Traditional Chinese: asked to accept the English text, and told it is English only.
  const zhReader = await newPage(browser, { locale: "zh-TW", viewport: { width: 390, height: 844 } });
  await zhReader.goto(`${atrium.baseUrl}/b/demo?lang=zh-TW`);
  await zhReader.getByRole("button", { name: /^Consultation/ }).click();
  await zhReader.getByRole("button", { name: /^任何有空的人員/ }).click();
  await zhReader.locator(".times button").first().click();
  const zhStep = zhReader.locator("fieldset.terms-step");
  await zhStep.getByText(EN.summary).waitFor();
  assert.equal(await zhStep.locator(".terms-summary").getAttribute("lang"), "en");
  await zhStep.getByText("商家僅以英文（English）提供這些內容。").waitFor();
  await zhReader.getByLabel("我已閱讀並同意服務條款與隱私權政策（第 1 版）。").waitFor();
  await screenshot(zhReader, "plugins-terms-5b-zh-TW-reader-english-only");
  assert.equal(await client.locator(".terms-only-in").count(), 0, "no note for a reader in the text's language");

  // Back in the editor: the acceptance, current.
  editor = await openEditor(page);
  const acceptance = editor.locator(".terms-acceptances tbody tr").first();
  await acceptance.waitFor();
  const cells = await acceptance.locator("td").allInnerTexts();
  assert.equal(cells[0], CLIENT.name);
  assert.equal(cells[1], "1");
  assert.equal(cells[3], "English");
  assert.equal(cells[4], "127.0.0.1");
  assert.equal(cells[5], "yes");
  assert.equal(await editor.getByRole("tabpanel").getByLabel("Short summary (shown beside the checkbox)").inputValue(), EN.summary, "prefilled from version 1");
  await screenshot(page, "plugins-terms-6-acceptances");

  // Version 2, now also in Chinese: the client is asked again at the next booking.
  await editor.getByRole("tabpanel").getByLabel("Short summary (shown beside the checkbox)").fill(EN.summary + " Updated.");
  // Keyboard: arrow keys move between the language tabs.
  await enTab.focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await zhTab.getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await enTab.getAttribute("aria-selected"), "true");
  // A language begun must be complete: refused beside its first missing field, its tab opened.
  await zhTab.click();
  await editor.getByRole("tabpanel").getByLabel("Short summary (shown beside the checkbox)").fill(ZH.summary);
  await enTab.click();
  await editor.getByRole("button", { name: "Publish as a new version" }).click();
  const zhTerms = editor.locator('textarea[name="locales.zh-TW.terms"]');
  await editor.locator(".field-error").filter({ hasText: "This is required." }).waitFor();
  assert.equal(await zhTab.getAttribute("aria-selected"), "true");
  assert.equal(await zhTerms.getAttribute("aria-invalid"), "true");
  assert.equal(await editor.getByRole("alert").filter({ hasText: "This is required." }).count(), 0, "said once, beside the field");
  await screenshot(page, "plugins-terms-2-refused");
  await fill(editor, ZH);
  await editor.getByRole("button", { name: "Publish as a new version" }).click();
  await editor.getByRole("status").filter({ hasText: "Version 2 published." }).waitFor();
  await editor.locator(".terms-acceptances tbody tr").first().locator("td").last()
    .filter({ hasText: "no — asked again at the next booking" }).waitFor();
  assert.equal(await editor.locator("tr[data-version]").count(), 2);

  // A client booking in Traditional Chinese sees that language's text and the plugin's message in it.
  const zh = await newPage(browser, { locale: "zh-TW" });
  await zh.goto(`${atrium.baseUrl}/b/demo?lang=zh-TW`);
  await zh.getByRole("button", { name: /^Consultation/ }).click();
  await zh.getByRole("button", { name: /^任何有空的人員/ }).click();
  await zh.locator(".times button").first().click();
  await zh.getByRole("heading", { name: "您的資料" }).waitFor();
  await zh.locator("fieldset.terms-step").getByText(ZH.summary).waitFor();
  await zh.getByLabel("姓名", { exact: true }).fill("林小姐");
  await zh.getByLabel("電子郵件", { exact: true }).fill("lin.terms@example.com");
  await zh.getByRole("button", { name: "確認預約" }).click();
  await zh.locator("fieldset.terms-step .field-error").filter({ hasText: "請閱讀並同意服務條款與隱私權政策（第 2 版）後再預約。" }).waitFor();
  await zh.getByLabel("我已閱讀並同意服務條款與隱私權政策（第 2 版）。").check();
  await screenshot(zh, "plugins-terms-7-zh-TW-step");
  await zh.getByRole("button", { name: "確認預約" }).click();
  await zh.getByRole("heading", { name: "預約完成" }).waitFor();

  // Twenty more clients accept version 2 through the API: the list pages by 20 ("Show more").
  const base = `${atrium.baseUrl}/api/v1/public/demo`;
  const service = (await (await fetch(`${base}/services`)).json()).services.find((x) => x.name === "Consultation");
  const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
  const { slots } = await (await fetch(`${base}/slots?service=${service.id}&from=${day(0)}&to=${day(21)}`)).json();
  let booked = 0;
  for (const slot of slots) {
    if (booked === 20) break;
    const r = await fetch(`${base}/bookings`, { method: "POST", headers: { "Content-Type": "application/json", Origin: atrium.baseUrl,
      "X-Forwarded-For": `203.0.113.${booked + 1}` },
      body: JSON.stringify({ service_id: service.id, provider_id: slot.provider_id, start: slot.start, locale: "en",
        client: { name: `Client ${booked}`, email: `client${booked}.terms@example.com`, marketing_email: false, marketing_sms: false },
        extra: { terms: { accepted_version: 2, locale: "en" } } }) });
    if (r.status === 201) booked++;
    else assert.ok([409, 422].includes(r.status), `booking: ${r.status} ${await r.text()}`); // a start the previous booking took
  }
  assert.equal(booked, 20);

  editor = await openEditor(page);
  const rows = editor.locator(".terms-acceptances tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 20);
  await editor.getByRole("button", { name: "Show more" }).click();
  await rows.nth(21).waitFor();
  assert.equal(await rows.count(), 22);
  assert.equal(await editor.getByRole("button", { name: "Show more" }).count(), 0, "no further page");
  const zhRow = await rows.nth(20).locator("td").allInnerTexts();
  assert.deepEqual([zhRow[0], zhRow[1], zhRow[3], zhRow[5]], ["林小姐", "2", "Traditional Chinese (繁體中文)", "yes"]);
  const first = await rows.nth(21).locator("td").allInnerTexts();
  assert.deepEqual([first[0], first[1], first[5]], [CLIENT.name, "1", "no — asked again at the next booking"]);
  await screenshot(page, "plugins-terms-8-show-more");

  // the evidence in the owner's privacy view of the client: times as times, not microseconds
  await page.goto(`${atrium.baseUrl}/app/#/privacy`);
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await dialog.getByLabel("Password").fill(atrium.owner.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await page.getByLabel("Search by name, email or phone").fill("Terry");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("button", { name: new RegExp(CLIENT.name) }).click();
  await page.getByRole("heading", { name: `Data held about ${CLIENT.name}` }).waitFor();
  const view = await page.getByRole("tabpanel").innerText();
  assert.match(view, /accepted at/i);
  assert.doesNotMatch(view, /\b1\d{15}\b/, "no raw microsecond times");
  assert.doesNotMatch(view, /accepted at us/i);
  await screenshot(page, "plugins-terms-9-privacy-view");
});

// Written as people write Chinese: bold runs end on full-width punctuation with no space after
// (CommonMark alone keeps the asterisks there), and "#" headings.
const ZH_MD = {
  summary: "取消須於 24 小時前通知。",
  terms: "# 預約條款\n\n**取消：**請於 24 小時前通知我們。\n\n## 付款\n\n這是**「重要」**的事。",
  privacy: "# 隱私權政策\n\n我們保存您的**姓名與電子郵件。**僅用於預約。",
};

/// What a reader sees of the rendered text: no asterisk, the bold words bold, and each
/// heading larger than the text (computed sizes, as the browser lays them out).
async function assertReadable(box) {
  const text = await box.innerText();
  assert.doesNotMatch(text, /\*/, "no Markdown asterisks shown");
  assert.deepEqual(await box.locator("strong").allInnerTexts(), ["取消：", "「重要」", "姓名與電子郵件。"]);
  const size = (loc) => loc.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const body = await size(box.locator(".terms-text p").first());
  const h1 = await size(box.getByRole("heading", { name: "預約條款" }));
  const h2 = await size(box.getByRole("heading", { name: "付款" }));
  assert.ok(h1 > h2 && h2 > body, `"#" ${h1}px > "##" ${h2}px > text ${body}px`);
  assert.equal(await box.getByRole("heading", { name: "預約條款" }).evaluate((e) => getComputedStyle(e).fontWeight), "700");
}

test("Traditional Chinese terms: bold beside full-width punctuation, headings larger than the text (booking page and preview)", async () => {
  const published = await owner.call("POST", "/api/v1/plugins/terms/versions", { locales: { "zh-TW": ZH_MD } });
  assert.equal(published.status, 201, JSON.stringify(published.body));

  const zh = await newPage(browser, { locale: "zh-TW", viewport: { width: 390, height: 844 } });
  await zh.goto(`${atrium.baseUrl}/b/demo?lang=zh-TW`);
  await zh.getByRole("button", { name: /^Consultation/ }).click();
  await zh.getByRole("button", { name: /^任何有空的人員/ }).click();
  await zh.locator(".times button").first().click();
  const step = zh.locator("fieldset.terms-step");
  await step.getByText(ZH_MD.summary).waitFor();
  await step.getByText("閱讀全文").click();
  await assertReadable(step.locator("details.terms-full"));
  await step.getByRole("heading", { name: "預約條款" }).scrollIntoViewIfNeeded();
  await screenshot(zh, "plugins-terms-10-zh-TW-markdown");
  await zh.context().close();

  // the back office's preview, in Traditional Chinese
  const page = await newPage(browser);
  await signIn(page, atrium);
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  await page.getByRole("heading", { level: 1, name: "今天", exact: true }).waitFor();
  await page.goto(`${atrium.baseUrl}/app/#/settings/features`);
  const editor = page.locator('.plugin-mount[data-plugin="terms"][data-slot="settings"]');
  await editor.getByRole("tab", { name: "繁體中文" }).click();
  await editor.getByRole("tabpanel").getByRole("button", { name: "預覽" }).click();
  const preview = editor.locator(".terms-preview");
  await preview.getByRole("heading", { name: "預約條款" }).waitFor();
  await assertReadable(preview);
  await preview.scrollIntoViewIfNeeded();
  await screenshot(page, "plugins-terms-11-zh-TW-preview");
  await page.context().close();
});
