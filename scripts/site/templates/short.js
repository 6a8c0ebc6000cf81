(function () {
  var targets = JSON.parse(document.getElementById("targets").textContent);
  var fallback = document.documentElement.lang;
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var tag = String(wanted[i]).toLowerCase();
    for (var code in targets) {
      if (tag === code || tag.indexOf(code + "-") === 0) { location.replace(targets[code]); return; }
    }
  }
  location.replace(targets[fallback]);
})();
