// The signup wizard's enhancements: the time zone follows the province, the address is
// checked as it is typed, the password's strength is shown. Every step works the same
// without scripts; the texts come from the page's data- attributes (translated there).
(function () {
  "use strict";

  // Step 1: the province proposes its time zone; the officer may still change it.
  var province = document.getElementById("id_province");
  var timeZone = document.getElementById("id_time_zone");
  if (province && timeZone && province.dataset.timeZones) {
    var zones = JSON.parse(province.dataset.timeZones);
    province.addEventListener("change", function () {
      if (zones[province.value]) {
        timeZone.value = zones[province.value];
      }
    });
  }

  // Step 2: is the address valid and free? Asked a moment after the officer stops typing.
  var slug = document.getElementById("id_slug");
  var result = document.getElementById("slug-result");
  if (slug && result) {
    var status = document.getElementById("slug-status");
    var box = document.getElementById("slug-suggestions");
    var list = box.querySelector("ul");
    var timer = null;
    var asked = 0;

    var showSuggestions = function (suggestions) {
      list.textContent = "";
      suggestions.forEach(function (suggestion) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = suggestion;
        button.addEventListener("click", function () {
          slug.value = suggestion;
          check();
          slug.focus();
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      box.hidden = suggestions.length === 0;
    };

    var check = function () {
      var value = slug.value.trim().toLowerCase();
      var mine = ++asked;
      status.textContent = result.dataset.checking;
      fetch(result.dataset.checkUrl + "?slug=" + encodeURIComponent(value), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) {
            return; // an answer to an older question
          }
          status.textContent = data.available
            ? result.dataset.free.replace("{url}", data.url)
            : data.message;
          showSuggestions(data.suggestions || []);
        })
        .catch(function () {
          if (mine === asked) {
            status.textContent = result.dataset.failed;
          }
        });
    };

    slug.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
    // Without scripts the suggestions are links that reload the page; here they fill in.
    list.querySelectorAll("a[data-slug]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        slug.value = link.dataset.slug;
        check();
        slug.focus();
      });
    });
  }

  // Step 3: a rough strength of the password as it is typed. The server's checks (length,
  // common passwords, likeness to the name and email) decide when the step is sent.
  var password = document.getElementById("id_password");
  var meter = document.getElementById("password-strength");
  if (password && meter) {
    var levels = meter.dataset.levels.split("|");
    var output = meter.querySelector("output");
    var strength = function (value) {
      if (value.length < 8 || /^\d+$/.test(value) || /^(.)\1+$/.test(value)) {
        return 0;
      }
      var kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter(function (pattern) {
        return pattern.test(value);
      }).length;
      var level = 1;
      if (value.length >= 12 || kinds >= 3) {
        level = 2;
      }
      if ((value.length >= 12 && kinds >= 3) || value.length >= 16) {
        level = 3;
      }
      return level;
    };
    meter.hidden = false;
    password.addEventListener("input", function () {
      if (!password.value) {
        meter.removeAttribute("data-level");
        output.textContent = "";
        return;
      }
      var level = strength(password.value);
      meter.dataset.level = level;
      output.textContent = meter.dataset.label.replace("{level}", levels[level]);
    });
  }
})();
