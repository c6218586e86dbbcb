import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The API's helmet options: what its pages and screens load (the yardsticks in bench/ send the same). */
export const API_SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      mediaSrc: ["'self'", 'data:'],
      // Offices often serve the screens over plain HTTP on their own network: never force HTTPS.
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * The headers helmet sets for these options. They never vary per request (no CSP nonces here), so
 * they are computed once at start-up instead of by helmet's middleware on every request, which
 * parsed the CSP directives each time (a few percent of a request's CPU in the booking rush).
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as never, response as never, (error?: unknown) => void (failure = error));
  if (failure) throw failure;
  return headers;
}

/**
 * Every answer, errors and pages included, carries the security headers and the request's id
 * (one synchronous hook, before routing, so even a 404 or a refused body has them).
 */
export function addResponseHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    done();
  });
}
