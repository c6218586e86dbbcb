#!/usr/bin/env node
// The yardstick of bench/notifications/run.mjs: a bare nodemailer pooled client, in its own process,
// sending `count` copies of one message the API produced (as raw MIME, so no rendering and no MIME
// building is measured) to the benchmark's SMTP receiver over `connections` pooled connections.
// What it reaches is what the receiver and the SMTP exchange allow: the ceiling of the API's rate.
//
//   node yardstick.mjs <smtp url> <raw message file> <count> <connections>
//
// Prints one JSON line: { count, seconds, perSecond, failures }.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createTransport } from 'nodemailer';

const [url, rawFile, countArg, connectionsArg] = process.argv.slice(2);
const raw = readFileSync(rawFile);
const count = Number.parseInt(countArg, 10);
const connections = Number.parseInt(connectionsArg, 10);
const transport = createTransport({ url, pool: true, maxConnections: connections, maxMessages: 100, logger: false, debug: false });

let next = 0;
let failures = 0;
const t0 = performance.now();
// As many sends in flight as connections: the pool's queue is not the thing measured.
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (next < count) {
      const i = next++;
      try {
        await transport.sendMail({ envelope: { from: 'no-reply@bench.invalid', to: [`yardstick-${i}@bench.invalid`] }, raw });
      } catch {
        failures++;
      }
    }
  }),
);
const seconds = (performance.now() - t0) / 1000;
transport.close();
console.log(JSON.stringify({ count, seconds, perSecond: count / seconds, failures }));
