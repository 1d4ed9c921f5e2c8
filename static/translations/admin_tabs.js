/* Marks modeltranslation's language tabs with each translation's state, and keeps the one
   language switcher beside the heading in step with the tabs (translations/admin.py).

   Loaded after modeltranslation's tabbed_translation_fields.js, so its ready handler runs
   after the tabs exist. The states come from the widgets' data attributes. */
(function () {
  "use strict";
  var $ = window.jQuery || window.django.jQuery;
  var SYMBOLS = { source: "◆", current: "✓", outdated: "!", missing: "✗" };

  function markTabs() {
    $(".ui-tabs-nav a[href^='#tab_']").each(function () {
      var widget = document.getElementById(this.getAttribute("href").slice(5));
      if (!widget || !widget.getAttribute("data-translation-state")) {
        return;
      }
      var state = widget.getAttribute("data-translation-state");
      var label = widget.getAttribute("data-translation-label");
      this.parentNode.classList.add("translation-" + state);
      this.setAttribute("title", (this.getAttribute("title") || "") + ": " + label);
      var mark = document.createElement("span");
      mark.className = "translation-mark";
      mark.textContent = SYMBOLS[state] || "";
      mark.setAttribute("aria-hidden", "true");
      var words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = " (" + label + ")";
      this.appendChild(mark);
      this.appendChild(words);
    });
  }

  function languageName(code) {
    // The name the server gave, in the admin's language; the browser's own as a last resort.
    var named = document.querySelector("[data-language='" + code + "'][data-language-name]");
    if (named) {
      return named.getAttribute("data-language-name");
    }
    try {
      var name = new Intl.DisplayNames([document.documentElement.lang || code], { type: "language" }).of(code);
      return name.charAt(0).toUpperCase() + name.slice(1);
    } catch (error) {
      return code;
    }
  }

  function syncSwitcher() {
    var select = document.getElementById("modeltranslation-main-switch");
    if (!select) {
      return;
    }
    // The tabs open on the page's language (or the translator's), but modeltranslation's
    // switcher starts on its first option: it showed "en" over Kazakh tabs, and choosing
    // "en" changed nothing. Start it where the tabs are, and name each language in full.
    var editing = document.querySelector("[data-editing-language]");
    var wanted = editing ? editing.getAttribute("data-editing-language")
      : (document.documentElement.lang || "").replace(/-/g, "_").toLowerCase();
    var chosen = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var code = option.textContent.trim();
      option.textContent = code.toUpperCase() + " – " + languageName(code);
      if (code === wanted) {
        chosen = option.value;
      }
    });
    var label = document.createElement("label");
    label.setAttribute("for", select.id);
    var named = document.querySelector("[data-switcher-label]");
    label.textContent = named ? named.getAttribute("data-switcher-label") : "";
    var wrapper = document.createElement("span");
    wrapper.className = "editing-language";
    select.parentNode.insertBefore(wrapper, select);
    if (label.textContent) {
      wrapper.appendChild(label);
    }
    wrapper.appendChild(select);
    if (chosen !== null) {
      $(select).val(chosen).trigger("change");
    }
  }

  $(function () {
    markTabs();
    syncSwitcher();
  });
})();
