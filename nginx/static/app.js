/* Kametay — small progressive enhancements. Every page works without this file.
   No inline handlers anywhere: the Content-Security-Policy allows only scripts from /static. */
(function () {
  "use strict";

  /* Forms with data-confirm="question" ask before they are sent (account deletion, blocking a user).
     The question text comes from the server, already in the page's language. */
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      ev.preventDefault();
      return;
    }
    /* Avoid double submits: disable the submit buttons once the form goes. */
    if (form.method.toLowerCase() === "post") {
      if (form.getAttribute("data-sending") === "1") {
        ev.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
      window.setTimeout(function () { form.removeAttribute("data-sending"); }, 8000);
    }
  });

  /* Password fields with data-toggle-show / data-toggle-hide get a show/hide button below them. */
  function addPasswordToggle(input) {
    var show = input.getAttribute("data-toggle-show");
    var hide = input.getAttribute("data-toggle-hide");
    if (!show || !hide || !input.id) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "password-toggle";
    button.textContent = show;
    button.setAttribute("aria-controls", input.id);
    button.addEventListener("click", function () {
      var showing = input.type === "text";
      input.type = showing ? "password" : "text";
      button.textContent = showing ? show : hide;
    });
    input.insertAdjacentElement("afterend", button);
    /* Never leave a password readable when the form goes. */
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.type = "password";
        button.textContent = show;
      });
    }
  }

  /* Search dates: the "to" date cannot be before the "from" date. */
  function linkDates(from, to) {
    function sync() { to.min = from.value || ""; }
    from.addEventListener("change", sync);
    sync();
  }

  /* The event form shows only the fields that apply: a seated event has a
     price per category, general admission a capacity and one price.  Without
     this script every field shows and the server ignores what does not apply. */
  function eventKind(seated) {
    var apply = function () {
      var parts = seated.form.querySelectorAll("[data-when]");
      for (var i = 0; i < parts.length; i++) {
        parts[i].hidden = (parts[i].getAttribute("data-when") === "seated") !== seated.checked;
      }
    };
    seated.addEventListener("change", apply);
    apply();
  }

  function init() {
    var inputs = document.querySelectorAll("input[type=password][data-toggle-show]");
    for (var i = 0; i < inputs.length; i++) addPasswordToggle(inputs[i]);

    var from = document.getElementById("from");
    var to = document.getElementById("to");
    if (from && to && from.type === "date") linkDates(from, to);

    var seated = document.getElementById("seated");
    if (seated && seated.form && seated.type === "checkbox") eventKind(seated);

    /* Print buttons (a ticket) only work with JavaScript: they are hidden in the markup. */
    var prints = document.querySelectorAll("button[data-print]");
    for (var p = 0; p < prints.length; p++) {
      prints[p].hidden = false;
      prints[p].addEventListener("click", function () { window.print(); });
    }

    /* After a failed submit, put the cursor in the first field with an error. */
    var invalid = document.querySelector("main [aria-invalid=true]");
    if (invalid) invalid.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
