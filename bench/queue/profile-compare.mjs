#!/usr/bin/env node
// Two CPU profiles of the throughput phase side by side (BENCH_PHASE_PROF, e.g. the API's and the
// yardstick's of the same run), per desk cycle: self time by area, and the areas' difference.
// `writev` is set apart: on this VM a sample inside a socket write also covers the time the
// process waits preempted by the reader it woke (PostgreSQL, the load generator), so it is not the
// process's own CPU (compare it with the run's system time per cycle instead).
//
//   node bench/queue/profile-compare.mjs <api.cpuprofile> <bare.cpuprofile> [cycles=2000] [top=25]
import { readFileSync } from 'node:fs';

const [apiFile, bareFile, cyclesArg, topArg] = process.argv.slice(2);
if (!apiFile || !bareFile) {
  console.error('usage: profile-compare.mjs <api.cpuprofile> <bare.cpuprofile> [cycles] [top]');
  process.exit(2);
}
const cycles = Number(cyclesArg ?? 2000);
const top = Number(topArg ?? 25);

/** The area a frame's self time is counted in: a package, a part of the API, or a V8 pseudo-frame. */
function areaOf({ functionName, url }) {
  if (functionName === 'writev' || functionName === 'writevGeneric') return '(socket writes: writev)';
  if (['(garbage collector)', '(program)', '(idle)'].includes(functionName)) return functionName;
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg.startsWith('pg') || pkg === 'postgres-date' || pkg === 'postgres-array' || pkg === 'postgres-bytea' || pkg === 'postgres-interval') return 'pg driver';
    if (pkg.startsWith('@nestjs/') || pkg === 'rxjs' || pkg === 'reflect-metadata') return 'NestJS (+ rxjs, reflect-metadata)';
    if (pkg === 'fastify' || pkg === 'find-my-way' || pkg.startsWith('@fastify/') || pkg === 'light-my-request' || pkg === 'avvio') return 'Fastify';
    if (pkg === 'jsonwebtoken' || pkg === 'jws' || pkg === 'jwa') return 'JWT';
    return pkg;
  }
  const api = url.match(/dist\/apps\/api\/([^/]+)/);
  if (api) return api[1] === 'desk' || api[1] === 'tickets' ? `api: ${api[1]}` : api[1] === 'database' ? 'api: database helpers' : `api: ${api[1]}`;
  if (/libs\/scheduling/.test(url) || /\/dist\/queue\//.test(url)) return 'queue policy (lib:scheduling)';
  if (url.includes('bench/queue/bare/')) return 'yardstick code';
  return url;
}

function load(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const area = areaOf(byNode.get(id).callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  return areas;
}

const api = load(apiFile);
const bare = load(bareFile);
const perCycle = (us) => us / 1000 / cycles;
const ms = (x) => x.toFixed(3).padStart(7);
const busy = (areas) => [...areas].filter(([a]) => a !== '(idle)' && a !== '(socket writes: writev)').reduce((s, [, us]) => s + us, 0);
const names = [...new Set([...api.keys(), ...bare.keys()])].filter((a) => a !== '(idle)');
const rows = names
  .map((area) => ({ area, api: perCycle(api.get(area) ?? 0), bare: perCycle(bare.get(area) ?? 0) }))
  .sort((a, b) => b.api - b.bare - (a.api - a.bare));
console.log(`ms per cycle (${cycles} cycles), self time; busy without writev: API ${ms(perCycle(busy(api)))}, yardstick ${ms(perCycle(busy(bare)))}, difference ${ms(perCycle(busy(api) - busy(bare)))}`);
console.log(`${'area'.padEnd(40)}     API  yardstick  difference`);
for (const r of rows.slice(0, top)) console.log(`${r.area.slice(0, 40).padEnd(40)} ${ms(r.api)}   ${ms(r.bare)}    ${ms(r.api - r.bare)}`);
