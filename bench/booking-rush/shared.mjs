// Pieces the booking rush (run.mjs) and its waitlist phase (waitlist.mjs) share: the seeded PRNG,
// the applicants' bodies and the CPU figures read from /proc.
import { readFileSync } from 'node:fs';

const { rutFromBody } = await import('@turnero/scheduling');

/** Deterministic PRNG (mulberry32), so two runs pick the same slots in the same order. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The applicants' POST bodies: distinct valid RUTs, a slot skewed towards the earliest days. */
export function applicantFactory(services, firstRutBody, random) {
  const names = ['María José', 'Juan Carlos', 'Yoselin', 'Wilson', 'Daniela', 'Jean-Pierre', 'Ana Lucía', 'Luis Alberto', 'Mariela', 'Kevin'];
  const surnames = ['Pérez Soto', 'González Rojas', 'Mendoza Quispe', 'Joseph', 'Silva Muñoz', 'Rodríguez Paz', 'Castillo Vera', 'Flores Mamani'];
  const totalSeats = services.reduce((sum, s) => sum + s.seats, 0);
  return (index) => {
    // The service by its share of the seats; a day with u² (half the applicants aim at the first
    // quarter of the month, as people do when a month opens at once); a slot of that day uniformly.
    let pick = random() * totalSeats;
    const service = services.find((s) => (pick -= s.seats) < 0) ?? services[services.length - 1];
    const day = service.days[Math.floor(random() ** 2 * service.days.length)];
    const slot = day.slots[Math.floor(random() * day.slots.length)];
    return {
      serviceId: service.id,
      slotStart: slot.start,
      applicant: {
        documentType: 'RUT',
        documentNumber: rutFromBody(firstRutBody + index).formatted,
        fullName: `${names[index % names.length]} ${surnames[(index * 7) % surnames.length]}`,
      },
    };
  };
}

export function prepareBodies(factory, count) {
  const bodies = new Array(count);
  for (let i = 0; i < count; i++) bodies[i] = JSON.stringify(factory(i));
  return bodies;
}

/** CPU seconds so far: the API process's, this process's, and the machine's busy and idle time (Linux /proc). */
export function cpuSnapshot(pid) {
  const ticks = 100; // USER_HZ
  let api = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    api = (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
  } catch {
    // not Linux: reported as 0
  }
  let busy = 0;
  let idle = 0;
  try {
    const total = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    idle = (total[3] + total[4]) / ticks; // idle, iowait
    busy = total.slice(0, 8).reduce((a, b) => a + b, 0) / ticks - idle;
  } catch {
    // not Linux
  }
  const self = process.cpuUsage();
  return { api, busy, idle, self: (self.user + self.system) / 1e6 };
}

export function cpuSpent(before, after) {
  const api = after.api - before.api;
  const self = after.self - before.self;
  const busy = after.busy - before.busy;
  return { api, self, rest: Math.max(0, busy - api - self), idle: after.idle - before.idle };
}

/** The normalized form ('12345678-5') of the valid RUT whose body is `body`. */
export const rutNormalized = (body) => rutFromBody(body).normalized;
