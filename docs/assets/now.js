/* "Need help now": marks which lines answer at this moment. Hours are China time (Asia/Shanghai)
   whatever zone the phone is set to; a line whose hours are set city by city is marked "may not
   answer", never "answering". Without this script every line simply shows its hours. */
(function () {
  "use strict";
  function chinaMinute(date) {
    var parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit",
      minute: "2-digit", hourCycle: "h23" }).formatToParts(date);
    var get = function (type) {
      return Number(parts.filter(function (p) { return p.type === type; })[0].value);
    };
    return get("hour") * 60 + get("minute");
  }
  function minutes(text) {
    var hm = text.split(":");
    return Number(hm[0]) * 60 + Number(hm[1]);
  }
  /* true, false, or null (nobody can say) — the same rules as scripts/data/hours.py open_at. */
  function openAt(line, minute) {
    if (line.hasAttribute("data-always")) return true;
    if (line.hasAttribute("data-varies")) return null;
    var spans = (line.getAttribute("data-hours") || "").split(" ").filter(Boolean);
    return spans.some(function (span) {
      var ends = span.split("-"), start = minutes(ends[0]), end = minutes(ends[1]);
      if (start === end) return true;
      return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
    });
  }
  function mark() {
    var minute = chinaMinute(new Date());
    document.querySelectorAll(".hl-now").forEach(function (box) {
      box.querySelectorAll(".hl-now-line").forEach(function (line) {
        var open = openAt(line, minute);
        var state = open === true ? "now" : open === false ? "closed" : "unsure";
        line.setAttribute("data-state", state);
        line.querySelector(".hl-status").textContent = box.getAttribute("data-" + state);
      });
    });
  }
  mark();
  setInterval(mark, 60000);
})();
