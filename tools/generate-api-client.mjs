// @ts-check
/**
 * `npm run api:client`: builds the API, starts it (on DATABASE_URL, or an embedded PostgreSQL in
 * .data/api-client-postgres), fetches /api/docs-json and writes libs/api-client/openapi.json and
 * libs/api-client/src/schema.d.ts. Commit both: test/api/api-client-drift.spec.ts fails when they
 * differ from what the API serves.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { canonicalJson, OPENAPI_FILE, SCHEMA_FILE, schemaSource } from './api-client.mjs';

/** @returns {Promise<number>} */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });

execFileSync('npm', ['run', 'build:lib', '--silent'], { stdio: 'inherit' });
execFileSync('npm', ['run', 'build:api', '--silent'], { stdio: 'inherit' });

const port = await freePort();
/** @type {Record<string, string>} */
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO: 'false' };
if (!process.env.DATABASE_URL) Object.assign(env, { EMBEDDED_PG_DIR: '.data/api-client-postgres', EMBEDDED_PG_PORT: String(await freePort()) });

const api = spawn('node', ['dist/apps/api/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
api.stdout.on('data', (chunk) => (output += chunk));
api.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => api.on('exit', resolve));
process.once('exit', () => api.kill('SIGKILL'));

try {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The API did not start in 120 s:\n${output}`)), 120_000);
    api.stdout.on('data', () => output.includes('Turnero is running') && (clearTimeout(timer), resolve(undefined)));
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`The API exited with ${code}:\n${output}`))));
  });
  const response = await fetch(`http://127.0.0.1:${port}/api/docs-json`);
  if (!response.ok) throw new Error(`GET /api/docs-json answered ${response.status}`);
  const document = await response.json();
  writeFileSync(OPENAPI_FILE, canonicalJson(document));
  writeFileSync(SCHEMA_FILE, await schemaSource(document));
  console.log(`Wrote ${OPENAPI_FILE} and ${SCHEMA_FILE}`);
} finally {
  api.kill('SIGTERM');
  await exited;
}
