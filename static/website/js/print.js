// 打印本页: the button shows only where scripts run; the print stylesheet works either way.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
