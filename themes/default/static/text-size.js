// Larger text (长辈版): a reader's choice, remembered across pages in this browser.
// Loaded in <head> so a page never flashes at the small size first.
(function () {
  var KEY = "minsheng-large-text";
  var root = document.documentElement;
  try {
    if (localStorage.getItem(KEY) === "1") root.classList.add("large-text");
  } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("text-size");
    if (!button) return;
    var show = function () {
      button.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
    };
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var large = root.classList.toggle("large-text");
      try {
        localStorage.setItem(KEY, large ? "1" : "0");
      } catch (e) {}
      show();
    });
  });
})();
