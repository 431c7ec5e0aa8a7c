// Starts Swagger UI on /api/v1/docs. The OpenAPI URL comes from a data attribute because
// the CSP forbids inline scripts.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    layout: "BaseLayout",
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
