/* jetonomy-export search page: progressive enhancement.
 *
 * Markup (see search_index/static/search-fragment.html):
 *   <div id="jt-search" data-base="/community" data-api="/wp-json/jetonomy/v1/search"
 *        data-pagefind="/pagefind/pagefind.js"> <form> <input name="q"> … </form>
 *   <p class="jt-search-status" aria-live="polite"></p> <ol class="jt-search-results"></ol></div>
 *
 * 1. If the offline shim answers at data-api (mirror served by `jetonomy-export serve`), use it:
 *    same semantics, filters and sorts as the live /search.
 * 2. Otherwise (GitHub Pages, S3…) use Pagefind's JS API, which downloads only the index chunks
 *    and result fragments a query needs.
 * Results are rendered with textContent only (no HTML from data is inserted).
 */
(function () {
  "use strict";
  var CJK = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;
  var CJK_GAP = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]) (?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;

  function text(s) { return (s || "").replace(/<[^>]*>/g, "").replace(CJK_GAP, "$1"); }

  function probeShim(api) {
    return fetch(api + "?type=tag&q=zz&limit=1", { headers: { Accept: "application/json" } })
      .then(function (r) {
        var type = r.headers.get("content-type") || "";
        if (!r.ok || type.indexOf("json") < 0) { return false; }
        return r.json().then(function (b) { return !!(b && b.meta && "total" in b.meta); });
      })
      .catch(function () { return false; });
  }

  function shimSearch(cfg, params) {
    var query = new URLSearchParams();
    ["q", "sort", "author", "author_id", "tag", "date_from", "date_to"].forEach(function (k) {
      if (params.get(k)) { query.set(k, params.get(k)); }
    });
    var page = Math.max(1, parseInt(params.get("pg") || "1", 10) || 1);
    query.set("limit", "20");
    query.set("offset", String((page - 1) * 20));
    return fetch(cfg.api + "?" + query.toString()).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { return { error: body.message || "Search failed.", items: [] }; }
        return {
          total: body.meta.total,
          items: body.data.map(function (p) {
            return { title: p.title, url: cfg.base + "/s/" + p.space_slug + "/t/" + p.slug + "/",
                     excerpt: (p.content_plain || "").slice(0, 200) };
          })
        };
      });
    });
  }

  var pagefindPromise = null;
  function pagefindSearch(cfg, params) {
    if (!pagefindPromise) {
      // data-pagefind may be relative to the page (mirror hosted under a path prefix): resolve
      // it against the document, and tell Pagefind where the site root is for result URLs.
      var entry = new URL(cfg.pagefind, document.baseURI);
      var root = entry.pathname.replace(/pagefind\/pagefind\.js$/, "");
      pagefindPromise = import(entry.href).then(function (pf) {
        return pf.options({ excerptLength: 30, baseUrl: root }).then(function () { return pf; });
      });
    }
    var q = (params.get("q") || "").replace(CJK, " $1 ").trim();
    return pagefindPromise.then(function (pf) { return pf.search(q); }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }))
        .then(function (rows) {
          return {
            total: search.results.length,
            items: rows.map(function (d) {
              return { title: text((d.meta && d.meta.title) || d.url), url: d.url, excerpt: text(d.excerpt) };
            })
          };
        });
    });
  }

  function render(root, result) {
    var status = root.querySelector(".jt-search-status");
    var list = root.querySelector(".jt-search-results");
    list.textContent = "";
    if (result.error) { status.textContent = result.error; return; }
    status.textContent = result.total + (result.total === 1 ? " result" : " results");
    result.items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      var p = document.createElement("p");
      p.textContent = item.excerpt;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function init() {
    var root = document.getElementById("jt-search");
    if (!root) { return; }
    var cfg = { base: root.dataset.base || "", api: root.dataset.api, pagefind: root.dataset.pagefind };
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var engine = probeShim(cfg.api).then(function (ok) {
      root.dataset.engine = ok ? "shim" : "pagefind";
      return ok ? shimSearch : pagefindSearch;
    });
    function run(params) {
      var q = (params.get("q") || "").trim();
      if (!q) { return; }
      root.querySelector(".jt-search-status").textContent = "Searching…";
      engine.then(function (search) { return search(cfg, params); })
        .then(function (result) { render(root, result); })
        .catch(function () { render(root, { error: "Search is unavailable.", items: [] }); });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "?" + params.toString());
      run(params);
    });
    var initial = new URLSearchParams(location.search);
    if (initial.get("q")) { input.value = initial.get("q"); run(initial); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
