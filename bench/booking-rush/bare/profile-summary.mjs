#!/usr/bin/env node
// Self time of a V8 .cpuprofile (node --cpu-prof, e.g. BENCH_CPU_PROF=dir node bench/booking-rush/run.mjs)
// summed by function and by package, to see where a server's CPU per request goes.
//
//   node bench/booking-rush/bare/profile-summary.mjs <file.cpuprofile> [top=15]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 15);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: each sample's time delta belongs to the node sampled.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));

/** The package (or area) a script URL belongs to. */
function packageOf(url) {
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const at = url.search(/\/(dist\/apps\/api|libs\/[^/]+\/dist|bench\/)/);
  if (at >= 0) {
    const path = url.slice(at + 1);
    if (path.startsWith('dist/apps/api/')) return `api:${path.split('/')[3]}`;
    if (path.startsWith('libs/')) return `lib:${path.split('/')[1]}`;
    return path;
  }
  return url;
}

const byFunction = new Map();
const byPackage = new Map();
let total = 0;
let idle = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules\/|dist\/|libs\/|bench\/)/, '$1')}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  const pkg = ['(garbage collector)', '(program)'].includes(functionName) ? functionName : packageOf(url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`);
console.log(`\nby package (self time):`);
for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms ${pct(us)}  ${name}`);
console.log(`\nby function (self time):`);
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ms ${pct(us)}  ${name}`);
