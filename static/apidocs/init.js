// The API reference, read from the service's own OpenAPI document. "Authorize" takes an API
// token (bearer); persistAuthorization keeps it across reloads of this page (in this browser's
// localStorage), so a reader does not paste it again after each visit.
window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: false,
  persistAuthorization: true,
  docExpansion: "list",
});
