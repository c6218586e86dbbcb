/**
 * Malformed requests for every operation of an OpenAPI document, from a seeded generator: the
 * same seed gives the same requests, so a failure found by test/api/fuzz.spec.ts replays with
 * FUZZ_SEED. Bodies are built as JSON text (deep nesting cannot go through JSON.stringify), and
 * paths and query strings as raw, already-encoded text (so invalid percent-encodings can be sent).
 */

export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
  additionalProperties?: boolean | OpenApiSchema;
}

interface OpenApiParameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: OpenApiSchema }> };
  security?: Record<string, unknown>[];
  responses?: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema>; parameters?: Record<string, OpenApiParameter> };
}

export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; required: boolean; schema: OpenApiSchema }[];
  bodySchema?: OpenApiSchema;
  /** Staff only: a request without a token stops at the guard. */
  staffOnly: boolean;
}

export interface FuzzRequest {
  label: string;
  method: string;
  /** Raw path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  /** Raw body, sent as is. */
  body?: string | Buffer;
  /** Its headers replace the staff token, if any. */
  replacesToken?: boolean;
}

/** Values the generator uses for path parameters and UUID fields, keyed by parameter name. */
export type Fixtures = Record<string, string>;

/** mulberry32: a tiny seeded PRNG, enough to pick and shuffle reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation (path and method) of the document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const parameters = (operation.parameters ?? []).map((p) => (p.$ref ? doc.components.parameters![p.$ref.split('/').pop()!] : p));
      const json = operation.requestBody?.content['application/json'];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema ?? {} })),
        bodySchema: json ? resolve(doc, json.schema) : undefined,
        staffOnly: (operation.security ?? []).length > 0 && !(operation.security ?? []).some((s) => Object.keys(s).length === 0),
      });
    }
  }
  return operations;
}

/** The schema with $ref and allOf resolved (one level: enough for the DTOs of this API). */
export function resolve(doc: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(doc, s));
    return {
      ...schema,
      allOf: undefined,
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, OpenApiSchema>,
      required: parts.flatMap((p) => p.required ?? []),
    };
  }
  return schema;
}

/** A plausible value for a schema: its example, the first of its enum, or one of its type. */
export function plausibleValue(doc: OpenApiDocument, raw: OpenApiSchema, name: string, fixtures: Fixtures, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.format === 'uuid') return fixtures[name] ?? fixtures[name.replace(/Ids$/, 'Id')] ?? '00000000-0000-4000-8000-000000000000';
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [plausibleValue(doc, schema.items, name, fixtures, depth + 1)] : [];
    case 'string':
      return 'Texto de prueba';
    default:
      if (schema.properties && depth < 4) {
        return Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, plausibleValue(doc, value, key, fixtures, depth + 1)]));
      }
      return {};
  }
}

/** JSON text nested `depth` levels deep: arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** JSON values of the wrong type, size or content, as JSON text. */
const BAD_JSON_VALUES: Record<string, string> = {
  null: 'null',
  zero: '0',
  negative: '-1',
  fraction: '1.5',
  'huge number': '1e308',
  'beyond double': '1e400',
  'unsafe integer': '9007199254740993',
  true: 'true',
  false: 'false',
  'empty string': '""',
  blank: '"   "',
  'huge string': JSON.stringify('x'.repeat(20_000)),
  'NUL character': JSON.stringify('\u0000'),
  'embedded NUL': JSON.stringify('abc\u0000def'),
  'lone high surrogate': JSON.stringify('a\ud800'),
  'lone low surrogate': JSON.stringify('\udfffb'),
  'escape sequence': JSON.stringify('\u001b[31m\r\n'),
  'NaN string': '"NaN"',
  'Infinity string': '"Infinity"',
  'numeric string': '"15"',
  'bad uuid': '"not-a-uuid"',
  'nil uuid': '"00000000-0000-0000-0000-000000000000"',
  'impossible date': '"2026-02-30"',
  'five-digit year': '"99999-01-01"',
  'bad instant': '"2026-13-01T25:61:00Z"',
  'five-digit year instant': '"+099999-01-01T00:00:00Z"',
  markup: '"<script>alert(1)</script>"',
  'empty array': '[]',
  'array of null': '[null]',
  'array of NUL': JSON.stringify(['\u0000']),
  'array of objects': '[{}]',
  'long array': JSON.stringify(Array.from({ length: 2000 }, (_, i) => i)),
  'empty object': '{}',
  object: '{"a":{"b":1}}',
  'proto key': '{"__proto__":{"polluted":true}}',
  'deep arrays': deepJson(5_000, 'array'),
  'deep objects': deepJson(3_000, 'object'),
};

/** Whole bodies that are not the JSON object an operation expects. */
const BAD_BODIES: { label: string; contentType?: string; body?: string | Buffer }[] = [
  { label: 'no body at all' },
  { label: 'empty JSON body', contentType: 'application/json', body: '' },
  { label: 'JSON null', contentType: 'application/json', body: 'null' },
  { label: 'JSON array', contentType: 'application/json', body: '[]' },
  { label: 'JSON number', contentType: 'application/json', body: '42' },
  { label: 'JSON string', contentType: 'application/json', body: '"texto"' },
  { label: 'JSON true', contentType: 'application/json', body: 'true' },
  { label: 'empty object', contentType: 'application/json', body: '{}' },
  { label: 'truncated JSON', contentType: 'application/json', body: '{"a": ' },
  { label: 'proto pollution', contentType: 'application/json', body: '{"__proto__":{"polluted":true}}' },
  { label: 'constructor pollution', contentType: 'application/json', body: '{"constructor":{"prototype":{"polluted":true}}}' },
  { label: 'NUL key', contentType: 'application/json', body: '{"\\u0000":1}' },
  { label: 'lone surrogate key', contentType: 'application/json', body: '{"\\ud800":1}' },
  { label: 'deep arrays body', contentType: 'application/json', body: deepJson(20_000, 'array') },
  { label: 'deep objects body', contentType: 'application/json', body: deepJson(8_000, 'object') },
  { label: 'text/plain', contentType: 'text/plain', body: '{"a":1}' },
  { label: 'form-encoded', contentType: 'application/x-www-form-urlencoded', body: 'name=Oficina&a=1' },
  { label: 'multipart', contentType: 'multipart/form-data; boundary=XyZ', body: '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n' },
  { label: 'XML', contentType: 'application/xml', body: '<a>1</a>' },
  { label: 'JSON in UTF-16 label', contentType: 'application/json; charset=utf-16', body: '{}' },
  { label: 'garbage content type', contentType: 'ñ/ñ; ;;=', body: '{}' },
  { label: 'invalid UTF-8', contentType: 'application/json', body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')]) },
];

/** Path parameter values, already encoded. */
const BAD_PATH_VALUES: Record<string, string> = {
  'bad uuid': 'not-a-uuid',
  'nil uuid': '00000000-0000-0000-0000-000000000000',
  'almost uuid': 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  'NUL character': '%00',
  'embedded NUL': 'abc%00def',
  'lone surrogate (invalid UTF-8)': '%ED%A0%80',
  'truncated UTF-8': '%F0%9F%98',
  'bad percent-encoding': '%zz',
  'lone percent': '%',
  'long value': 'x'.repeat(3_000),
  'impossible date': '2026-02-30',
  'dot dot': '..%2F..',
  quote: "'%20OR%20'1'='1",
  'control characters': '%1B%5B31m%0D%0A',
  emoji: '%F0%9F%98%80',
};

/** Query parameter values, already encoded. */
const BAD_QUERY_VALUES: Record<string, string> = {
  empty: '',
  'impossible date': '2026-02-30',
  'five-digit year': '99999-01-01',
  'zero date': '0000-00-00',
  'reversed date': '01-12-2026',
  NaN: 'NaN',
  Infinity: 'Infinity',
  negative: '-1',
  fraction: '1.5',
  'beyond double': '1e309',
  'huge integer': '9'.repeat(400),
  'long value': 'x'.repeat(5_000),
  'NUL character': '%00',
  'embedded NUL': '2026%00-01-01',
  'lone surrogate (invalid UTF-8)': '%ED%A0%80',
  'bad percent-encoding': '%zz',
  'bad uuid': 'not-a-uuid',
  brackets: '%5B%5D',
};

const BAD_HEADERS: { label: string; headers: Record<string, string>; replacesToken?: boolean }[] = [
  { label: 'Idempotency-Key too long', headers: { 'Idempotency-Key': 'k'.repeat(300) } },
  { label: 'Idempotency-Key with a space and tab', headers: { 'Idempotency-Key': 'clave con\tespacio' } },
  { label: 'Idempotency-Key non-ASCII', headers: { 'Idempotency-Key': 'cláve-ñ' } },
  { label: 'Idempotency-Key empty', headers: { 'Idempotency-Key': '' } },
  // Sent through Fastify's inject, which (unlike a socket through Node's client) lets control characters through.
  { label: 'Idempotency-Key with control characters', headers: { 'Idempotency-Key': 'clave\u0001\u007f' } },
  { label: 'Authorization without token', headers: { Authorization: 'Bearer' }, replacesToken: true },
  { label: 'Authorization garbage token', headers: { Authorization: 'Bearer a.b.c' }, replacesToken: true },
  { label: 'Authorization huge token', headers: { Authorization: `Bearer ${'x'.repeat(6_000)}` }, replacesToken: true },
  { label: 'Authorization basic', headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' }, replacesToken: true },
  {
    label: 'Authorization alg none',
    headers: { Authorization: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.` },
    replacesToken: true,
  },
  { label: 'Accept garbage', headers: { Accept: 'text/csv;q=abc, */*;q=' } },
  { label: 'Content-Type without body', headers: { 'Content-Type': 'application/json' } },
];

function pick<T>(random: () => number, items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/** How many malformed requests of each kind one operation gets. */
export interface FuzzBudget {
  wholeBody: number;
  bodyField: number;
  path: number;
  query: number;
  headers: number;
}

const MARKER = '@@fuzz-marker@@';

/** Replaces the property at `path` in a copy of `body` by raw JSON text; undefined `raw` deletes it. */
function withProperty(body: Record<string, unknown>, path: string[], raw: string | undefined): string {
  const copy = structuredClone(body);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return JSON.stringify(copy);
    target = (Array.isArray(next) ? next[0] : next) as Record<string, unknown>;
    if (typeof target !== 'object' || target === null) return JSON.stringify(copy);
  }
  const last = path[path.length - 1];
  if (raw === undefined) {
    delete target[last];
    return JSON.stringify(copy);
  }
  target[last] = MARKER;
  return JSON.stringify(copy).replace(JSON.stringify(MARKER), () => raw);
}

/** Every property path of a body schema, nested objects and arrays of objects included. */
function propertyPaths(doc: OpenApiDocument, schema: OpenApiSchema, prefix: string[] = []): string[][] {
  const resolved = resolve(doc, schema);
  return Object.entries(resolved.properties ?? {}).flatMap(([key, raw]) => {
    const property = resolve(doc, raw);
    const path = [...prefix, key];
    const nested = property.properties ? property : property.items ? resolve(doc, property.items) : undefined;
    return [path, ...(nested?.properties && prefix.length < 3 ? propertyPaths(doc, nested, path) : [])];
  });
}

/** The malformed requests for one operation, chosen by `random` within `budget`. */
export function malformedRequests(doc: OpenApiDocument, op: Operation, fixtures: Fixtures, random: () => number, budget: FuzzBudget): FuzzRequest[] {
  const pathWith = (overrides: Record<string, string> = {}) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? encodeURIComponent(fixtures[name] ?? '00000000-0000-4000-8000-000000000000'));
  const goodQuery = (): Record<string, string> =>
    Object.fromEntries(
      op.queryParams
        .filter((q) => q.required || random() < 0.5)
        .map((q) => [q.name, encodeURIComponent(String(fixtures[`query:${q.name}`] ?? plausibleValue(doc, q.schema, q.name, fixtures)))]),
    );
  const queryText = (query: Record<string, string>) => {
    const text = Object.entries(query)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    return text ? `?${text}` : '';
  };
  const baseline = op.bodySchema ? (plausibleValue(doc, op.bodySchema, '', fixtures) as Record<string, unknown>) : undefined;
  const json = { 'Content-Type': 'application/json' };
  const make = (label: string, parts: { path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string | Buffer }): FuzzRequest => ({
    label,
    method: op.method,
    url: (parts.path ?? pathWith()) + queryText(parts.query ?? goodQuery()),
    headers: parts.headers ?? (baseline ? json : {}),
    body: parts.body ?? (baseline ? JSON.stringify(baseline) : undefined),
  });

  const requests: FuzzRequest[] = [];
  if (op.method !== 'GET' || op.bodySchema) {
    const bodies = pick(random, BAD_BODIES, budget.wholeBody);
    for (const bad of bodies) {
      requests.push(make(`body: ${bad.label}`, { headers: bad.contentType ? { 'Content-Type': bad.contentType } : {}, body: bad.body ?? '' }));
    }
  }
  if (baseline && op.bodySchema) {
    const paths = propertyPaths(doc, op.bodySchema);
    const candidates: { label: string; body: string }[] = [
      { label: 'extra field', body: withProperty(baseline, ['zzUnknown'], '1') },
      { label: 'extra field with NUL name', body: withProperty(baseline, ['\u0000'], '"x"') },
    ];
    for (const path of paths) {
      const name = path.join('.');
      candidates.push({ label: `${name} missing`, body: withProperty(baseline, path, undefined) });
      for (const [label, raw] of Object.entries(BAD_JSON_VALUES)) candidates.push({ label: `${name}: ${label}`, body: withProperty(baseline, path, raw) });
    }
    // Missing fields and nested objects of the wrong type are the classes found before: always in.
    const always = candidates.filter((c) => / missing$|: (null|empty string|NUL character|lone high surrogate|empty array|deep arrays)$/.test(c.label) && !c.label.includes('.'));
    const rest = candidates.filter((c) => !always.includes(c));
    for (const c of [...pick(random, always, Math.max(budget.bodyField, 0)), ...pick(random, rest, budget.bodyField)]) {
      requests.push(make(`body ${c.label}`, { body: c.body }));
    }
  }
  for (const name of op.pathParams) {
    for (const [label, value] of pick(random, Object.entries(BAD_PATH_VALUES), budget.path)) {
      requests.push(make(`path ${name}: ${label}`, { path: pathWith({ [name]: value }) }));
    }
  }
  if (op.queryParams.length > 0) {
    const candidates: { label: string; query: Record<string, string> }[] = [{ label: 'unknown query parameter', query: { ...goodQuery(), zzUnknown: '1' } }];
    for (const q of op.queryParams) {
      const others = goodQuery();
      if (q.required) {
        const without = { ...others };
        delete without[q.name];
        candidates.push({ label: `query ${q.name} missing`, query: without });
      }
      for (const [label, value] of Object.entries(BAD_QUERY_VALUES)) candidates.push({ label: `query ${q.name}: ${label}`, query: { ...others, [q.name]: value } });
      candidates.push({ label: `query ${q.name} twice`, query: { ...others, [q.name]: `${others[q.name] ?? '1'}&${q.name}=${others[q.name] ?? '1'}` } });
    }
    for (const c of pick(random, candidates, budget.query)) requests.push(make(c.label, { query: c.query }));
  }
  for (const bad of pick(random, BAD_HEADERS, budget.headers)) {
    requests.push({ ...make(`header: ${bad.label}`, {}), headers: { ...(baseline ? json : {}), ...bad.headers }, replacesToken: bad.replacesToken });
  }
  return requests;
}
