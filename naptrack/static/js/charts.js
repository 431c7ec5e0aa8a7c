// Draws each analysis chart from its JSON data block. The tables beside the charts hold the
// same numbers, so a page without JavaScript (or a failed chart) loses nothing.
(function () {
  "use strict";

  function options() {
    // The CSP forbids 'unsafe-eval': Vega must interpret expressions from their AST instead of
    // compiling them with Function(). vega-embed bundles vega-interpreter and uses it when
    // ast is true; a vega build that ships its own interpreter is preferred.
    var opts = {
      ast: true,
      actions: false,
      renderer: "svg",
      // vega-embed and vega-tooltip would inject <style> elements, which the CSP blocks;
      // their rules live in css/analysis.css instead.
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    };
    if (window.vega && window.vega.expressionInterpreter) {
      opts.expr = window.vega.expressionInterpreter;
    }
    return opts;
  }

  function draw(container) {
    var block = document.getElementById(container.getAttribute("data-vega-spec"));
    if (!block || typeof window.vegaEmbed !== "function") {
      return;
    }
    container.hidden = false;
    window.vegaEmbed(container, JSON.parse(block.textContent), options()).catch(function (error) {
      container.hidden = true;
      console.error("Chart " + block.id + " could not be drawn:", error);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-vega-spec]").forEach(draw);
  });
})();
