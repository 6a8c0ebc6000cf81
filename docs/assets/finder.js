/* The hotline directory's finder, and the copy buttons beside WeChat IDs on every page.

   Finder: without this script the directory shows every line, grouped; with it, the form above
   the list (hidden in the HTML) filters the lines by "answers now" (China time, the rules of
   now.js), language, audience and how to reach them. The choices live in the address
   (?now=1&lang=ko&audience=foreign&via=sms), so a filtered view can be sent to someone; opening
   such an address applies them, and the back button returns to the previous choices. */
(function () {
  "use strict";
  var NAMES = ["now", "lang", "audience", "via"];  // the address's parameters, in this order

  function words(list) { return (list || "").split(" ").filter(Boolean); }

  /* {now: "1" or "", lang, audience, via} from an address's query. */
  function fromQuery(search) {
    var query = new URLSearchParams(search), state = {};
    NAMES.forEach(function (name) { state[name] = query.get(name) || ""; });
    return state;
  }

  function toQuery(state) {
    var query = new URLSearchParams();
    NAMES.forEach(function (name) { if (state[name]) query.set(name, state[name]); });
    var text = query.toString();
    return text ? "?" + text : "";
  }

  function fromForm(form) {
    return { now: form.elements.now.checked ? "1" : "", lang: form.elements.lang.value,
             audience: form.elements.audience.value, via: form.elements.via.value };
  }

  /* Show the state in the form; a value the form does not offer becomes "any". */
  function toForm(form, state) {
    form.elements.now.checked = state.now === "1";
    ["lang", "audience", "via"].forEach(function (name) {
      var select = form.elements[name];
      select.value = state[name];
      if (select.value !== state[name]) select.value = "";
    });
  }

  /* A line matches when it has the language and audience asked for, and one way to reach it
     (its number, WeChat, web chat) of the kind asked for that — if asked — answers now. */
  function matches(line, state, minute) {
    if (state.lang && words(line.getAttribute("data-languages")).indexOf(state.lang) < 0) return false;
    if (state.audience && words(line.getAttribute("data-audiences")).indexOf(state.audience) < 0) return false;
    return Array.prototype.some.call(line.querySelectorAll(".hl-way"), function (way) {
      if (state.via && way.getAttribute("data-via") !== state.via) return false;
      return !state.now || window.heartlineHours.openAt(way, minute) === true;
    });
  }

  function show(form, list, state) {
    var minute = window.heartlineHours.chinaMinute(new Date()), count = 0;
    list.querySelectorAll(".hl-hotlines").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll(".hl-hotline").forEach(function (line) {
        var match = matches(line, state, minute);
        line.hidden = !match;
        if (match) shown += 1;
      });
      group.hidden = shown === 0;
      var heading = group.previousElementSibling;
      if (heading && heading.classList.contains("hl-group")) heading.hidden = shown === 0;
      count += shown;
    });
    var status = form.querySelector(".hl-finder-count");
    status.textContent = count === 0 ? form.getAttribute("data-none")
      : count === 1 ? form.getAttribute("data-count-one")
      : form.getAttribute("data-count").replace("{n}", String(count));
  }

  function finder() {
    var form = document.querySelector("form.hl-finder");
    if (!form || !window.heartlineHours) return;
    var list = document, state;
    function apply(next) {
      toForm(form, next);
      state = fromForm(form);
      show(form, list, state);
    }
    form.addEventListener("change", function () {
      var next = fromForm(form);
      history.pushState(next, "", location.pathname + toQuery(next));
      apply(next);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { apply(fromQuery(location.search)); });
    form.hidden = false;
    apply(fromQuery(location.search));
    // "Answers now" changes with the clock.
    setInterval(function () { if (state.now) show(form, list, state); }, 60000);
  }

  /* Copy buttons: the clipboard where the browser offers it, otherwise the old way through a
     selected text field; when both fail, the button asks to copy by hand. */
  function copyText(text) {
    function fallback() {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(field);
      return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(fallback);
    }
    return fallback();
  }

  function copyButtons() {
    document.querySelectorAll("button.hl-copy").forEach(function (button) {
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(button.getAttribute("data-copy")).then(function () {
          button.textContent = button.getAttribute("data-done");
        }, function () {
          button.textContent = button.getAttribute("data-failed");
        });
        setTimeout(function () { button.textContent = label; }, 4000);
      });
    });
  }

  finder();
  copyButtons();
})();
