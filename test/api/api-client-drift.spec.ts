import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';
import { canonicalJson, OPENAPI_FILE, SCHEMA_FILE, schemaSource } from '../../tools/api-client.mjs';

const REGENERATE = 'libs/api-client is out of date with the API: run `npm run api:client` and commit the result.';

/** The front ends' typed client can never drift from the API: its inputs are checked against the running app. */
describe('libs/api-client', () => {
  let t: TestApp;
  let served: unknown;
  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http.get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('commits the OpenAPI document the API serves', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed === canonicalJson(served), REGENERATE).toBe(true);
  });

  it('commits the types generated from that document', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === (await schemaSource(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')))), REGENERATE).toBe(true);
  });
});
