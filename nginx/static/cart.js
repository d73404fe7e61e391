/* Kametay — the cart's hold countdowns (templates/cart.cs).
   Each .hold-timer[data-seconds] shows the server's "held for mm:ss"; this ticks it down from the
   time the page arrived (the server's count, not the device's clock) and, at zero, replaces it with
   the data-expired text (and a data-again link to the event). The cart is one form (issue 13): its
   pay button is disabled once every event's hold has run out. The server checks again on checkout. */
(function () {
  "use strict";

  var timers = [];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function expire(t) {
    t.el.classList.add("hold-timer-out");
    t.el.classList.remove("hold-timer-low");
    var text = t.el.querySelector(".hold-timer-text");
    var link = t.section && t.section.querySelector(".cart-head a");
    if (text) {
      text.textContent = t.el.getAttribute("data-expired") + " ";
      if (link) {
        var again = document.createElement("a");
        again.href = link.getAttribute("href");
        again.textContent = t.el.getAttribute("data-again") || link.textContent;
        text.appendChild(again);
      }
      /* the countdown was silent (role=timer); the end is worth announcing */
      text.setAttribute("role", "alert");
    }
  }

  function allOut() {
    var pay = document.querySelectorAll("[data-pay]");
    for (var i = 0; i < pay.length; i++) pay[i].disabled = true;
  }

  function tick() {
    var now = Date.now(), live = 0;
    timers.forEach(function (t) {
      if (t.done) return;
      var left = Math.max(0, Math.round((t.until - now) / 1000));
      if (left <= 0) {
        t.done = true;
        expire(t);
        return;
      }
      live++;
      if (t.clock) t.clock.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
      t.el.classList.toggle("hold-timer-low", left <= 60);
    });
    if (!live) {
      window.clearInterval(timer);
      if (!document.querySelector(".hold-timer:not(.hold-timer-out)")) allOut();
    }
  }

  var list = document.querySelectorAll(".hold-timer[data-seconds]"), start = Date.now(), timer;
  for (var i = 0; i < list.length; i++) {
    var s = parseInt(list[i].getAttribute("data-seconds"), 10);
    if (isNaN(s) || s <= 0) continue;
    timers.push({
      el: list[i],
      clock: list[i].querySelector(".hold-clock"),
      section: list[i].closest("section"),
      until: start + s * 1000
    });
  }
  if (timers.length) timer = window.setInterval(tick, 1000);
})();
