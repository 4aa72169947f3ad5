// terms: server-rendered Markdown HTML (cmark's safe mode: raw HTML omitted, javascript:
// and the like dropped) made fit for the page, shared by the booking step and the editor's
// preview. Parsed inertly through a <template>, never as a script; then:
//  - headings move below the page's own ("#" becomes h<level>, at most h6) and keep their
//    Markdown level as a class (md-h1 … md-h6) for terms.css to size them by;
//  - a link keeps its href only for http(s), mailto: and tel: (others become their text)
//    and opens beside the page;
//  - an image stays only from this site or a data:image URL (the page's CSP would refuse
//    any other and log an error): others become their alt text.

const LINK_SCHEMES = ["http:", "https:", "mailto:", "tel:"];

const resolved = (url) => { try { return new URL(url, location.href); } catch { return null; } };

/// A <div class=`cls`> holding `html`, cleaned as above. `el`: the page core's builder.
export function safeHtml(el, html, cls, level = 6) {
  const box = el("div", { class: cls });
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const root = tpl.content;
  for (const h of root.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const n = Number(h.tagName[1]);
    const to = document.createElement(`h${Math.min(6, n - 1 + level)}`);
    to.className = `md-h${n}`;
    to.append(...h.childNodes);
    h.replaceWith(to);
  }
  for (const a of root.querySelectorAll("a")) {
    const href = a.getAttribute("href");
    const u = href ? resolved(href) : null;
    if (!u || !LINK_SCHEMES.includes(u.protocol)) { a.replaceWith(...a.childNodes); continue; }
    a.target = "_blank"; a.rel = "noopener noreferrer";
  }
  for (const img of root.querySelectorAll("img")) {
    const src = img.getAttribute("src") || "";
    const u = resolved(src);
    const ok = u && (/^data:image\//i.test(src) || (u.origin === location.origin && /^https?:$/.test(u.protocol)));
    if (!ok) img.replaceWith(img.getAttribute("alt") || "");
  }
  box.append(root);
  return box;
}
