// Swagger UI on the API documentation page, from drf-spectacular-sidecar's files (no CDN). A
// file, not an inline script, so that a strict Content-Security-Policy allows it. The schema's
// address (with ?lang= for the page's language) comes from the container's data attribute.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: true,
    docExpansion: "none",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
