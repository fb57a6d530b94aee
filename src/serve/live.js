// Injected by `minsheng serve` only: reloads the page after each good build
// and shows build errors over the page until the next good build.
(function () {
  var seen = null;
  function overlay(errors) {
    var box = document.getElementById("minsheng-errors");
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "minsheng-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#fff;color:#0b0c0c;border-top:6px solid #d4351c;padding:1rem;font:16px/1.5 monospace;box-shadow:0 -4px 12px rgba(0,0,0,.3)";
      document.body.append(box);
    }
    box.replaceChildren();
    var title = document.createElement("h2");
    title.textContent = "minsheng: the last change did not build (" + errors.length + " error(s)); this is the last good version";
    box.append(title);
    errors.forEach(function (e) {
      var line = document.createElement("p");
      line.textContent = (e.file ? e.file + (e.line ? ":" + e.line + ":" + e.column : "") + ": " : "") + e.message + (e.hint ? " (" + e.hint + ")" : "");
      box.append(line);
    });
  }
  function poll() {
    fetch("/__minsheng/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen === null) seen = status.generation;
        if (status.generation !== seen) return location.reload();
        overlay(status.errors);
      })
      .catch(function () {})
      .finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
