import 'reflect-metadata';
import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { type DestinationStream, pino } from 'pino';
import { AppModule } from './app.module.js';
import { loggerOptions, requestIdOf } from './common/logging/logger-options.js';
import { PinoLoggerService } from './common/logging/pino-logger.service.js';
import { API_SECURITY_HEADERS, addResponseHeaders, securityHeaders } from './common/http/security-headers.js';
import { LoadShedder } from './overload/load-shedding.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { addInputGuard, answerFrameworkError } from './common/validation/request-input-guard.js';
import { serveFrontEnds } from './front-ends/serve-front-ends.js';
import { DeskFastPath } from './desk/desk-fast-path.js';
import { addIdempotencyHeaderToDocument } from './idempotency/idempotency-openapi.js';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter.js';
import { addMultipartBodies, MULTIPART_OPTIONS } from './requests/attachments/multipart-body.js';
import { addMultipartFormsToDocument } from './requests/attachments/multipart-openapi.js';
import { OPEN311_PATH } from './requests/open311/open311.controller.js';
import { addOpen311ErrorShape } from './requests/open311/open311-exception.filter.js';
import type { Config } from './config/environment.js';

/**
 * The configured NestJS application on Fastify, not yet listening. main.ts and the tests build the
 * app here, so the tests run exactly what production runs.
 */
export async function createApp(config: Config, databaseUrl: string, logDestination?: DestinationStream): Promise<NestFastifyApplication> {
  const logger = logDestination ? pino(loggerOptions(config.LOG_LEVEL), logDestination) : pino(loggerOptions(config.LOG_LEVEL));
  // What this instance cannot answer in time is shed in the HTTP server's request listener, before
  // Fastify and any work: 503 OVERLOADED with the security headers and a request id (overload/).
  const shedder = new LoadShedder(config, securityHeaders(API_SECURITY_HEADERS));
  const adapter = new FastifyAdapter({
    serverFactory: shedder.serverFactory,
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: requestIdOf,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // URLs the router cannot decode get API.md's error shape too (common/validation/request-input-guard.ts).
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl }), adapter, {
    logger: new PinoLoggerService(logger),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  // Security headers and x-request-id on every answer, including errors Fastify raises before a
  // route runs (body limits, bad JSON), which reach Nest's handler and so ApiExceptionFilter.
  addResponseHeaders(fastify, API_SECURITY_HEADERS);
  shedder.attach(fastify);
  // multipart/form-data with files, for the routes that take them only (requests and complaints): read
  // into a plain body with its limits before the input guard checks it like JSON.
  await app.register(fastifyMultipart as never, MULTIPART_OPTIONS);
  addMultipartBodies(fastify);
  // Cookies (request.cookies, reply.setCookie) for the applicant's ClaveÚnica session and the OIDC
  // login flows (identity/); unsigned: each cookie value is a random token checked against PostgreSQL.
  await app.register(fastifyCookie as never);
  // Text PostgreSQL cannot store and absurd nesting, in any body, query or path: 400 before any route runs.
  addInputGuard(fastify);
  // The desk cycle's routes (call-next, start, complete, no-show) dispatched without Nest's router,
  // with the same guards, pipes, controller methods and exception filter (desk/desk-fast-path.ts).
  new DeskFastPath(app).install(fastify);
  // Open311's error format for every error under /open311/, those raised before a route runs too.
  addOpen311ErrorShape(fastify, OPEN311_PATH);
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false });

  // socket.io (docs/realtime.md) on this HTTP server, with the same CORS rule; across instances through Redis.
  const socketAdapter = new RealtimeIoAdapter(app, { corsOrigins: origins, redisUrl: config.REDIS_URL });
  await socketAdapter.connectToRedis();
  fastify.addHook('onClose', async () => socketAdapter.closeRedis());
  app.useWebSocketAdapter(socketAdapter);

  // Open311 GeoReport v2 keeps the spec's own paths (/open311/v2/…), outside /api/v1.
  app.setGlobalPrefix('api', { exclude: [{ path: `${OPEN311_PATH}/{*path}`, method: RequestMethod.ALL }] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());

  const document = addMultipartFormsToDocument(addIdempotencyHeaderToDocument(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Turnero API')
      .setDescription(
        'Appointments and queues for public-service offices. Contract: API.md; errors are `{ statusCode, error, message, details? }`. ' +
          'Any operation may answer 503 `DATABASE_UNAVAILABLE` with `Retry-After` while PostgreSQL cannot be reached; `/api/health` says which dependency is down. ' +
          'Any operation but `/api/health` may answer 503 `OVERLOADED` with `Retry-After` when the instance has more requests than it can answer in time; retry after that many seconds (with the same `Idempotency-Key`).',
      )
      .setVersion('1')
      .addBearerAuth()
      // An applicant's ClaveÚnica session (identity/applicant-sessions.ts): "Mis trámites" requires it.
      .addCookieAuth('turnero_applicant', { type: 'apiKey', in: 'cookie', description: "The applicant's ClaveÚnica session, set by GET /auth/claveunica/callback" }, 'applicant')
      .build(),
  )));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerOptions: { validatorUrl: null } });

  // Built front ends (docs/frontend.md): /display, /kiosk, and the web app at / for any other page path.
  const frontEnds = await serveFrontEnds(fastify);
  if (!frontEnds.web) {
    fastify.get('/', async (_, reply) =>
      reply.type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="es"><meta charset="utf-8"><title>Turnero</title>' +
          '<h1>Turnero</h1><p>API en funcionamiento. <a href="/api/docs">Documentación de la API</a> · <a href="/api/health">Estado</a></p></html>',
      ),
    );
  }
  return app;
}
