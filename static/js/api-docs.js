// The API documentation page: Swagger UI, configured from the page's JSON (json_script).
// Requests made from "Try it out" carry the CSRF token, since the session authenticates them.
(function () {
  var source = document.getElementById("swagger-settings");
  if (!source || !window.SwaggerUIBundle) return;
  var config = JSON.parse(source.textContent);
  var token = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  if (token) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = token;
      return request;
    };
  }
  window.SwaggerUIBundle(config);
})();
