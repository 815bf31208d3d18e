import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Hono } from 'hono';

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its variables.
type AnyHono = Hono<any>;

/** The swagger-ui-dist files `/docs` needs, served from node_modules: the gateway may have no internet. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
} as const;

// Relative URLs: the page works under whatever prefix a reverse proxy mounts the gateway on.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>talkbridge gateway API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-ui-standalone-preset.js"></script>
<script src="docs/swagger-initializer.js"></script>
</body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

// Scripts and styles from this origin only; swagger-ui sets inline styles and shows data: images.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/** Mounts `GET /docs` (Swagger UI over `/openapi.json`) and its assets on the app. */
export function mountDocsPage(app: AnyHono): void {
  const require = createRequire(import.meta.url);
  const assetDir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
  // Read on first use and kept: a few MB that most gateways never serve.
  const cache = new Map<string, string>();
  const asset = (name: keyof typeof ASSETS) => {
    let text = cache.get(name);
    if (text === undefined) {
      text = readFileSync(join(assetDir, name), 'utf8');
      cache.set(name, text);
    }
    return text;
  };

  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return c.html(PAGE);
  });
  app.get('/docs/swagger-initializer.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(INITIALIZER);
  });
  for (const name of Object.keys(ASSETS) as (keyof typeof ASSETS)[]) {
    app.get(`/docs/${name}`, (c) => {
      c.header('Content-Type', ASSETS[name]);
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(asset(name));
    });
  }
}
