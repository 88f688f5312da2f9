// loveaudit report: filters, sorting, jumps from a finding to its highlight, tooltips.
// Reads only the page itself; loads nothing (the page's Content-Security-Policy forbids it).
(function () {
  "use strict";
  var doc = document;
  var tip = doc.getElementById("tip");
  var rows = Array.prototype.slice.call(doc.querySelectorAll(".doc-table tbody tr"));
  var shown = doc.querySelector("[data-testid=shown]");

  // A large report keeps each document's body as inert markup until it is opened.
  function build(details) {
    var block = details.querySelector(":scope > script.lazy-body");
    if (!block) return;
    block.insertAdjacentHTML("afterend", block.textContent);
    block.remove();
  }
  function openDocument(id) {
    var article = doc.getElementById(id);
    if (!article) return null;
    var details = article.querySelector("details");
    if (details) { build(details); details.open = true; }
    return article;
  }
  doc.addEventListener("toggle", function (e) {
    if (e.target.open && e.target.parentNode.classList.contains("document")) build(e.target);
  }, true);

  // -- filters ---------------------------------------------------------------------
  function value(name) {
    var el = doc.querySelector("[data-filter='" + name + "']");
    return el ? el.value.trim() : "";
  }
  function applyFilters() {
    var kind = value("kind"), rule = value("rule"), text = value("text").toLowerCase();
    var max = value("max-score"), limit = max === "" ? null : Number(max), count = 0;
    rows.forEach(function (row) {
      var score = row.dataset.score === "" ? null : Number(row.dataset.score);
      var ok = (!kind || row.dataset.kind === kind) &&
        (!rule || row.dataset.rules.indexOf(" " + rule + " ") >= 0) &&
        (!text || row.dataset.path.toLowerCase().indexOf(text) >= 0) &&
        (limit === null || (score !== null && score <= limit));
      row.hidden = !ok;
      var article = doc.getElementById(row.dataset.doc);
      if (article) article.hidden = !ok;
      if (ok) count += 1;
    });
    if (shown) shown.textContent = count + " of " + rows.length + " shown";
  }
  Array.prototype.forEach.call(doc.querySelectorAll("[data-filter]"), function (el) {
    el.addEventListener("input", applyFilters);
    el.addEventListener("change", applyFilters);
  });
  var form = doc.querySelector(".filters");
  if (form) form.addEventListener("submit", function (e) { e.preventDefault(); });

  // -- sorting ---------------------------------------------------------------------
  Array.prototype.forEach.call(doc.querySelectorAll("th button[data-sort]"), function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode, key = button.dataset.sort;
      var numeric = button.hasAttribute("data-numeric");
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      Array.prototype.forEach.call(doc.querySelectorAll(".doc-table th"), function (other) {
        if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", dir);
      var sign = dir === "ascending" ? 1 : -1;
      var body = rows.length ? rows[0].parentNode : null;
      rows.sort(function (a, b) {
        var x = a.dataset[key], y = b.dataset[key], c;
        if (numeric) {
          x = x === "" ? -1 : Number(x); y = y === "" ? -1 : Number(y); c = x - y;
        } else {
          c = x.localeCompare(y);
        }
        return c * sign || a.dataset.doc.localeCompare(b.dataset.doc, undefined, {numeric: true});
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  // -- jumps: a finding's "Line L, column C" link to its first highlight ----------------
  var MARK = "mark.hl[aria-describedby]";
  doc.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-open], a.jump");
    if (!link) return;
    if (link.dataset.open) { openDocument(link.dataset.open); return; }
    var item = link.closest("li"), id = item.id, article = openDocument(id.split("-")[0]);
    var mark = article && article.querySelector("mark[aria-describedby~='" + id + "']");
    if (!mark) return;
    e.preventDefault();
    Array.prototype.forEach.call(doc.querySelectorAll(".flash, .f.current"), function (el) {
      el.classList.remove("flash", "current");
    });
    mark.classList.add("flash");
    item.classList.add("current");
    mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
  });
  function openForHash() {
    var target = decodeURIComponent(location.hash.slice(1));
    if (!/^d[0-9]+/.test(target)) return;
    openDocument(target.split("-")[0]);
    var el = doc.getElementById(target);
    if (el) el.scrollIntoView();
  }
  window.addEventListener("hashchange", openForHash);
  openForHash();

  // -- tooltips: the finding cards of every finding under the highlight ---------------
  function showTip(mark) {
    tip.textContent = "";
    mark.getAttribute("aria-describedby").split(" ").forEach(function (id) {
      var card = doc.getElementById(id);
      if (!card) return;
      var part = card.cloneNode(true);
      part.removeAttribute("id");
      Array.prototype.forEach.call(part.querySelectorAll(".jump, .whole"), function (el) { el.remove(); });
      var rule = doc.getElementById("rule-" + card.dataset.rule);
      if (rule) {
        var title = doc.createElement("p");
        title.className = "f-title";
        title.textContent = rule.querySelector(".r-title").textContent;
        part.insertBefore(title, part.children[1] || null);
        part.appendChild(rule.querySelector(".rule-body").cloneNode(true));
      }
      tip.appendChild(part);
    });
    tip.hidden = false;
    var box = mark.getBoundingClientRect(), width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + doc.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function hideTip() { tip.hidden = true; }
  doc.addEventListener("mouseover", function (e) {
    var mark = e.target.closest && e.target.closest(MARK);
    if (mark) showTip(mark);
  });
  doc.addEventListener("mouseout", function (e) {
    var mark = e.target.closest && e.target.closest(MARK);
    if (mark && !mark.contains(e.relatedTarget) && doc.activeElement !== mark) hideTip();
  });
  doc.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches(MARK)) showTip(e.target); else hideTip();
  });
  doc.addEventListener("keydown", function (e) { if (e.key === "Escape") hideTip(); });

  // -- print: every document expanded -------------------------------------------------
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(doc.querySelectorAll("details"), function (d) { return !d.open; });
    closed.forEach(function (d) { build(d); d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();
