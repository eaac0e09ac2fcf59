// Swagger UI on the API documentation page, from drf-spectacular-sidecar's files (no CDN). A
// file, not an inline script, so that a strict Content-Security-Policy allows it. The schema's
// address (with ?lang= for the page's language) comes from the container's data attribute.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") {
    return;
  }

  // Swagger UI's own layout wraps the operations in a second <main> inside the page's, which
  // screen readers and axe-core reject; this layout is BaseLayout's parts without that <main>
  // and without the title block (the page has its own heading) or the schemas' list (each
  // operation shows its own).
  function PortalLayoutPlugin(system) {
    var h = system.React.createElement;
    return {
      components: {
        PortalLayout: function PortalLayout(props) {
          var get = props.getComponent;
          return h(
            "div",
            { className: "swagger-ui" },
            h(get("SvgAssets")),
            h(get("errors", true)),
            h("div", { className: "wrapper" }, h(get("operations", true)))
          );
        },
      },
    };
  }

  // Each operation's button holds a link to itself (a control inside a control): the button
  // already opens the operation and updates the address, so the inner link becomes plain text.
  function unnestLinks() {
    container.querySelectorAll("button a[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
  }
  new MutationObserver(unnestLinks).observe(container, { childList: true, subtree: true });

  SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [PortalLayoutPlugin],
    layout: "PortalLayout",
  });
})();
