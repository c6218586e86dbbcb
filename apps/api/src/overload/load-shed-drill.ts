/**
 * LOAD_SHED_DRILL: "METHOD /path=count" rules, comma-separated (e.g. "POST /api/v1/bookings=2"). The
 * first `count` requests matching a rule (method, and path without its query) are shed exactly as
 * under overload, so that tests, and operators rehearsing a rush, see the real answer on demand.
 */
export interface DrillRule {
  method: string;
  path: string;
  remaining: number;
}

export function parseDrill(text: string | undefined): DrillRule[] {
  if (!text || text.trim() === '') return [];
  return text.split(',').map((part) => {
    const match = /^\s*([A-Za-z]+)\s+(\/[^\s=,?]*)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match) throw new Error(`LOAD_SHED_DRILL: "${part.trim()}" is not "METHOD /path=count"`);
    return { method: match[1]!.toUpperCase(), path: match[2]!, remaining: Number(match[3]) };
  });
}

/** A drill in progress: `take` says whether this request is one of the rules' first `count`, and counts it. */
export class LoadShedDrill {
  private readonly rules: DrillRule[];

  constructor(text: string | undefined) {
    this.rules = parseDrill(text);
  }

  get active(): boolean {
    return this.rules.some((rule) => rule.remaining > 0);
  }

  take(method: string, url: string): boolean {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    for (const rule of this.rules) {
      if (rule.remaining > 0 && rule.method === method && rule.path === path) {
        rule.remaining--;
        return true;
      }
    }
    return false;
  }
}
