import { stringify } from 'yaml';
import { buildOpenApiDocument, createApp } from './app.setup.js';
import { loadConfig } from './config/config.js';

/** The OpenAPI document as YAML with sorted keys, so a diff shows only real changes. */
export async function renderOpenApiYaml(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', API_KEYS: 'openapi:admin:openapi-generator-only-0123456789abcdef', LOG_LEVEL: 'error' });
  const app = await createApp(config, { logger: false });
  try {
    // Through JSON so that undefined members disappear exactly as in /docs-json.
    const document: unknown = JSON.parse(JSON.stringify(buildOpenApiDocument(app)));
    return stringify(document, { sortMapEntries: true, lineWidth: 0 });
  } finally {
    await app.close();
  }
}
