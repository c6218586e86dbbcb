// A probe loaded into a server under benchmark (`node --import <this file> main.js`), for the
// benchmark only: every BENCH_PROBE_MS (250) it appends one JSON line to BENCH_PROBE_FILE with
// what the server's event loop did in that interval, so a run can tell where its latency went
// (issue #19 §3: in the generator, in the kernel's socket buffers, or in the server's loop):
//
//   t         wall-clock ms at the end of the interval (performance.timeOrigin + now)
//   elu       event-loop utilisation over the interval (0..1)
//   lagMean, lagMax   event-loop delay over the interval (ms, monitorEventLoopDelay at 10 ms)
//   started, finished HTTP requests the server parsed / answered in the interval
//                     (diagnostics channels http.server.request.start, http.server.response.finish)
//   inFlight          parsed and not yet answered, at the end of the interval
//   cpuMain   CPU seconds of the main thread in the interval (/proc/self/task/<pid>/stat)
//   cpu       CPU seconds of the whole process (all threads) in the interval
//
// It costs two channel callbacks per request and a timer; nothing in the server changes.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
const every = Number(process.env.BENCH_PROBE_MS || 250);

if (file) {
  let started = 0;
  let finished = 0;
  let inFlight = 0;
  subscribe('http.server.request.start', () => {
    started++;
    inFlight++;
  });
  subscribe('http.server.response.finish', () => {
    finished++;
    inFlight--;
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const mainStat = `/proc/self/task/${process.pid}/stat`;
  const mainCpu = () => {
    try {
      const fields = readFileSync(mainStat, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return NaN;
    }
  };
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let main = mainCpu();
  const timer = setInterval(() => {
    const nextElu = performance.eventLoopUtilization();
    const nextCpu = process.cpuUsage();
    const nextMain = mainCpu();
    const line = {
      t: Math.round(performance.timeOrigin + performance.now()),
      elu: +performance.eventLoopUtilization(nextElu, elu).utilization.toFixed(3),
      lagMean: +(lag.mean / 1e6).toFixed(1),
      lagMax: +(lag.max / 1e6).toFixed(1),
      started,
      finished,
      inFlight,
      cpuMain: +(nextMain - main).toFixed(2),
      cpu: +((nextCpu.user - cpu.user + nextCpu.system - cpu.system) / 1e6).toFixed(3),
    };
    elu = nextElu;
    cpu = nextCpu;
    main = nextMain;
    started = 0;
    finished = 0;
    lag.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, every);
  timer.unref();
}
