import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiException, type FieldProblem } from '../errors/api.exception.js';
import { ErrorCode } from '../errors/error-code.js';
import { toErrorResponse } from '../errors/error-response.js';

/**
 * How deep a JSON body may nest. The deepest DTO (opening hours: weekday → intervals → interval)
 * needs 3 levels; anything far deeper is an attack on recursive code (class-transformer and
 * class-validator recurse and overflow the stack at a few thousand levels).
 */
export const MAX_JSON_DEPTH = 16;

/** A lone UTF-16 surrogate: half a character, which no UTF-8 text (nor PostgreSQL) can hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

const dotted = (parent: string, key: string | number) => (parent ? `${parent}.${key}` : String(key));

/** The field a too-deep value is in: its path up to the first array index, at most 2 names long (DTOs nest no deeper). */
function depthField(path: string): string {
  const names: string[] = [];
  for (const segment of path.split('.')) {
    if (segment === '' || /^\d+$/.test(segment) || names.length === 2) break;
    names.push(segment);
  }
  return names.join('.');
}

/**
 * The problems of one parsed part of a request (body, query or path parameters), walked without
 * recursion so that no input can overflow the stack: strings PostgreSQL would refuse (NUL, lone
 * surrogates) in values and in field names, and nesting deeper than MAX_JSON_DEPTH. `root` names
 * the part when the problem is the part itself (a JSON string body).
 */
export function inputProblems(value: unknown, root: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push({ field: path || root, messages: [`${path || root} ${problem}`] });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      const field = depthField(path) || root;
      problems.push({ field, messages: [`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`] });
      continue;
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: dotted(path, i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(current)) {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        problems.push({ field: path || root, messages: [`a field name in ${path || root} ${keyProblem}`] });
        continue;
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path: dotted(path, key), depth: depth + 1 });
    }
  }
  return problems;
}

/** application/json, with or without parameters such as charset. */
function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);
}

/**
 * The exceptions to "JSON in": a reminder's one-click unsubscribe link (RFC 8058), which mail
 * clients POST as `List-Unsubscribe=One-Click`, form-encoded (notifications/reminders/), and
 * Open311's filing, form-encoded as GeoReport v2 says (requests/open311/; it needs an api_key).
 */
const FORM_ENCODED_ROUTES = new Set(['POST /api/v1/notifications/unsubscribe/:token', 'POST /open311/v2/requests.json']);

/**
 * The routes that take files as multipart/form-data (requests and complaints, issue #17): their
 * parts are read into a plain body by requests/attachments/multipart-body.ts before this guard,
 * which then checks the fields like any JSON body. Multipart anywhere else is 415.
 */
export const MULTIPART_ROUTES = new Set(['POST /api/v1/requests', 'POST /api/v1/requests/reply']);

function isMultipartMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^multipart\/form-data\s*(;|$)/i.test(contentType);
}

function isAllowedMultipartBody(request: FastifyRequest): boolean {
  return isMultipartMediaType(request.headers['content-type']) && MULTIPART_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`);
}

function isAllowedFormBody(request: FastifyRequest): boolean {
  const contentType = request.headers['content-type'];
  return (
    contentType !== undefined &&
    /^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType) &&
    FORM_ENCODED_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`)
  );
}

/**
 * One place, before any route's validation and code: every request's parsed body, query string
 * and path parameters are refused with 400 VALIDATION_FAILED naming the field when they hold
 * text PostgreSQL cannot store or nest absurdly deep (issue #15: these were 500s).
 */
export function addInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    // API.md: JSON in. Fastify also parses text/plain, and Nest form-encoded bodies, which a
    // cross-site HTML form can send without a CORS preflight: refused before any route sees them.
    const multipart = isMultipartMediaType(request.headers['content-type']);
    if (
      (multipart && !isAllowedMultipartBody(request)) ||
      (request.body !== undefined && !multipart && !isJsonMediaType(request.headers['content-type']) && !isAllowedFormBody(request))
    ) {
      done(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send JSON (Content-Type: application/json)'));
      return;
    }
    const problems = [
      ...inputProblems(request.params, 'path'),
      ...inputProblems(request.query, 'query'),
      ...inputProblems(request.body, 'body'),
    ];
    done(problems.length > 0 ? ApiException.validation(problems) : undefined);
  });
}

/**
 * Fastify's `frameworkErrors`: URLs the router cannot even decode (bad percent-encoding, invalid
 * UTF-8 such as an encoded lone surrogate) or with an over-long path parameter, answered in
 * API.md's error shape instead of Fastify's own.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ApiException.validation([{ field: 'path', messages: ['a path parameter is too long'] }])
      : error.code === 'FST_ERR_BAD_URL'
        ? ApiException.validation([{ field: 'path', messages: ['the path is not valid percent-encoded UTF-8'] }])
        : error;
  const { body, headers } = toErrorResponse(refusal);
  void reply.status(body.statusCode).header('x-request-id', request.id).headers(headers).send(body);
}
