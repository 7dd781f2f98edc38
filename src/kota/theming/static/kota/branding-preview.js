// The console's branding preview: follows the colours, theme, tagline and logo the admin
// is choosing, and says whether each colour keeps text readable. Without scripts the form
// works the same; the preview then shows the saved branding. The signup wizard's look step
// uses it too (the same ids: branding-form, branding-preview).
(function () {
  "use strict";
  var form = document.getElementById("branding-form");
  var preview = document.getElementById("branding-preview");
  if (!form || !preview) {
    return;
  }
  var WHITE = "#ffffff";
  var NEAR_BLACK = "#111111";
  var AA = 4.5;

  // The same maths as kota/theming/contrast.py (WCAG 2.1).
  function normalise(value) {
    var match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!match) {
      return null;
    }
    var digits = match[1].toLowerCase();
    if (digits.length === 3) {
      digits = digits.replace(/./g, "$&$&");
    }
    return "#" + digits;
  }
  function luminance(hex) {
    var linear = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  }
  function ratio(first, second) {
    var a = luminance(first);
    var b = luminance(second);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  function textOn(background) {
    var onWhite = ratio(background, WHITE);
    var onDark = ratio(background, NEAR_BLACK);
    return onWhite >= onDark ? { color: WHITE, ratio: onWhite } : { color: NEAR_BLACK, ratio: onDark };
  }
  function label(value) {
    var text = value.toFixed(1);
    if (parseFloat(text) >= AA && value < AA) {
      text = (Math.floor(value * 100) / 100).toFixed(2);
    }
    return text + ":1";
  }

  var themeColors = {};

  function set(name, value) {
    preview.style.setProperty("--kota-" + name, value);
  }

  function showColour(name, cssName) {
    var text = form.elements[name];
    var output = document.getElementById(name + "_contrast");
    var colour = normalise(text.value);
    if (!colour) {
      output.textContent = output.dataset.invalid;
      return;
    }
    var best = textOn(colour);
    output.textContent = (best.ratio >= AA ? output.dataset.pass : output.dataset.fail)
      .replace("{ratio}", label(best.ratio));
    if (best.ratio < AA) {
      // It would be refused: the preview keeps the last colour its text can be read on.
      return;
    }
    set(cssName, colour);
    set("on-" + cssName, best.color);
    if (cssName === "primary") {
      var readable = [themeColors.bg, themeColors.surface].every(function (back) {
        return !back || ratio(colour, back) >= AA;
      });
      set("accent", readable ? colour : themeColors.text);
    }
  }

  function showTheme() {
    var chosen = form.querySelector("input[name=theme]:checked");
    if (!chosen) {
      return;
    }
    var data = chosen.closest("[data-theme-card]").dataset;
    themeColors = { bg: data.bg, surface: data.surface, text: data.text };
    set("bg", data.bg);
    set("surface", data.surface);
    set("text", data.text);
    set("muted", data.muted);
    set("font-body", data.fontBody);
    set("font-headings", data.fontHeadings);
    showColour("primary_color", "primary");
  }

  [["primary_color", "primary"], ["secondary_color", "secondary"]].forEach(function (pair) {
    var text = form.elements[pair[0]];
    var picker = form.elements[pair[0] + "_picker"];
    text.addEventListener("input", function () {
      var colour = normalise(text.value);
      if (colour) {
        picker.value = colour;
      }
      showColour(pair[0], pair[1]);
    });
    picker.addEventListener("input", function () {
      text.value = picker.value;
      showColour(pair[0], pair[1]);
    });
  });
  form.querySelectorAll("input[name=theme]").forEach(function (radio) {
    radio.addEventListener("change", showTheme);
  });
  // The signup wizard's look step reuses this preview; it has no tagline.
  var tagline = form.elements.tagline;
  if (tagline) {
    tagline.addEventListener("input", function () {
      preview.querySelector("[data-preview-tagline]").textContent = tagline.value;
    });
  }
  form.elements.logo.addEventListener("change", function () {
    var file = form.elements.logo.files[0];
    var image = preview.querySelector(".preview-logo");
    if (file && /^image\/(png|jpeg|webp)$/.test(file.type)) {
      image.src = URL.createObjectURL(file);
      image.hidden = false;
    }
  });

  showTheme();
  showColour("secondary_color", "secondary");
})();
