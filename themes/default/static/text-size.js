// Larger text (长辈版): a reader's choice, remembered across pages in this browser.
// Loaded in <head> so a page never flashes at the small size first.
// The button says what pressing it does: "长辈版（大字）" turns larger text on,
// "恢复标准字号" (its data-label-on) turns it off again. The label alone
// carries the state, so the button has no aria-pressed to contradict it.
(function () {
  var KEY = "minsheng-large-text";
  var root = document.documentElement;
  try {
    if (localStorage.getItem(KEY) === "1") root.classList.add("large-text");
  } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("text-size");
    if (!button) return;
    var labelOff = button.textContent;
    var labelOn = button.getAttribute("data-label-on") || labelOff;
    var show = function () {
      button.textContent = root.classList.contains("large-text") ? labelOn : labelOff;
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
