import { ForbiddenException, Logger, type CanActivate, type ExceptionFilter, type PipeTransform, type Type } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA } from '@nestjs/common/constants.js';
import type { ApplicationConfig } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-request.js';
import { CounterDeskController } from './counter-desk.controller.js';
import { TicketDeskController } from './ticket-desk.controller.js';

/**
 * The desk cycle's four routes (call-next, start, complete, no-show), answered from Fastify without
 * Nest's router: a desk calls, starts and completes hundreds of times a minute in a busy office, and
 * on a 2-core machine Nest's per-request pipeline (execution context, guard and interceptor
 * consumers, rxjs, parameter factories, the response controller) was about a quarter of the API's
 * CPU beyond the bare yardstick's per cycle (docs/benchmarks.md, issue #19).
 *
 * Nothing of the route changes but who dispatches it. The routes stay Nest's (declared and
 * documented by the controllers, in OpenAPI, the access table and the fuzz walk); this adds a
 * route-level preHandler to each that does what Nest's pipeline does for them, with Nest's own
 * parts: the application's global guards in order (AuthGuard: token, account, @Roles; the
 * ThrottlerGuard, which these controllers skip), the same uuid pipe on the path parameter, the
 * controller's own method, and errors through the application's global exception filter
 * (ApiExceptionFilter: API.md's error shape and its logging). Fastify's own hooks (load shedding,
 * input guard, security headers, request id, request logging) run as for any route.
 *
 * A request the fast path is not sure to answer exactly as Nest would goes on to Nest untouched:
 * one with an Idempotency-Key (the idempotency interceptor's), or a path parameter the uuid pipe
 * refuses (Nest's 400/404). And the fast path only installs itself while the application's
 * enhancers are the ones it reproduces (checked once, at the first request): a new global
 * interceptor, pipe or filter, or guards/interceptors/pipes/filters on these controllers, turn it
 * off with a warning, and Nest answers everything again.
 */

/** What the fast path does per route: the controller, its method, the path parameter. */
interface DeskRoute {
  controller: Type<CounterDeskController | TicketDeskController>;
  method: string;
  param: 'counterId' | 'ticketId';
  run: (app: NestFastifyApplication, user: AuthenticatedUser, id: string) => Promise<unknown>;
}

/** The routes by Fastify URL (global prefix `api`, URI version 1). */
const ROUTES: Record<string, DeskRoute> = {
  '/api/v1/counters/:counterId/call-next': {
    controller: CounterDeskController,
    method: 'callNext',
    param: 'counterId',
    run: (app, user, id) => app.get(CounterDeskController).callNext(user, id),
  },
  '/api/v1/tickets/:ticketId/start': { controller: TicketDeskController, method: 'start', param: 'ticketId', run: (app, user, id) => app.get(TicketDeskController).start(user, id) },
  '/api/v1/tickets/:ticketId/complete': {
    controller: TicketDeskController,
    method: 'complete',
    param: 'ticketId',
    run: (app, user, id) => app.get(TicketDeskController).complete(user, id),
  },
  '/api/v1/tickets/:ticketId/no-show': { controller: TicketDeskController, method: 'noShow', param: 'ticketId', run: (app, user, id) => app.get(TicketDeskController).noShow(user, id) },
};

/** The enhancers the fast path reproduces, by class name (global ones, in Nest's order). */
const EXPECTED = {
  guards: ['ThrottlerGuard', 'AuthGuard'],
  interceptors: ['IdempotencyInterceptor'],
  pipes: ['ApiValidationPipe'],
  filters: ['ApiExceptionFilter'],
};

const IDEMPOTENCY_KEY = IDEMPOTENCY_KEY_HEADER.toLowerCase();

/** The global enhancers, once the application has registered them (at init, before the first request). */
interface Enhancers {
  guards: CanActivate[];
  pipes: PipeTransform[];
  filter: ExceptionFilter;
}

/** Each application's fast path (DeskFastPath.of). */
const installed = new WeakMap<object, DeskFastPath>();

export class DeskFastPath {
  /** The application's fast path, if installed (for the specs). */
  static of(app: NestFastifyApplication): DeskFastPath | undefined {
    return installed.get(app);
  }

  private readonly logger = new Logger('DeskFastPath');
  /** Requests answered here, by route URL (the specs check the path is taken). */
  readonly served = new Map<string, number>();
  private enhancers: Enhancers | null | undefined;
  private readonly uuidPipes = { counterId: uuidParam('counterId'), ticketId: uuidParam('ticketId') };

  constructor(private readonly app: NestFastifyApplication) {}

  /** Adds the preHandler to the desk routes as Nest declares them (call before app.init()). */
  install(fastify: FastifyInstance): void {
    installed.set(this.app, this);
    fastify.addHook('onRoute', (route: RouteOptions) => {
      const desk = route.method === 'POST' ? ROUTES[route.url] : undefined;
      if (!desk) return;
      const own = async (request: FastifyRequest, reply: FastifyReply) => this.answer(desk, route.url, request, reply);
      route.preHandler = [...(route.preHandler ? [route.preHandler].flat() : []), own];
    });
  }

  /** Whether the application's enhancers are still the ones reproduced here (decided once). */
  private ready(): Enhancers | null {
    if (this.enhancers !== undefined) return this.enhancers;
    const config = (this.app as unknown as { config?: ApplicationConfig }).config;
    const names = (list: object[] | undefined) => (list ?? []).map((x) => x.constructor.name);
    const found = config && {
      guards: names(config.getGlobalGuards()),
      interceptors: names(config.getGlobalInterceptors()),
      pipes: names(config.getGlobalPipes()),
      filters: names(config.getGlobalFilters()),
    };
    const local = Object.values(ROUTES).some(({ controller, method }) =>
      [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA].some(
        (key) => Reflect.getMetadata(key, controller) !== undefined || Reflect.getMetadata(key, (controller.prototype as Record<string, object>)[method]) !== undefined,
      ),
    );
    const same = found && JSON.stringify(found) === JSON.stringify(EXPECTED) && !local;
    if (!same) {
      this.logger.warn(`Off: the application's enhancers are not the ones it reproduces (${JSON.stringify(found)}${local ? ', some on the desk controllers' : ''}); Nest answers the desk routes`);
      this.enhancers = null;
      return null;
    }
    this.enhancers = { guards: config.getGlobalGuards(), pipes: config.getGlobalPipes(), filter: config.getGlobalFilters()[0] };
    return this.enhancers;
  }

  private async answer(desk: DeskRoute, url: string, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (request.headers[IDEMPOTENCY_KEY] !== undefined) return undefined;
    const enhancers = this.ready();
    if (!enhancers) return undefined;
    const raw = (request.params as Record<string, string>)[desk.param];
    let id: string;
    try {
      // Nest's order: the global pipes, then the parameter's own.
      let value: unknown = raw;
      for (const pipe of enhancers.pipes) value = await pipe.transform(value, { type: 'param', metatype: String, data: desk.param });
      id = (await this.uuidPipes[desk.param].transform(value as string, { type: 'param', metatype: String, data: desk.param })) as string;
    } catch {
      return undefined; // Nest refuses it, the same way as ever
    }
    const handler = (desk.controller.prototype as Record<string, () => unknown>)[desk.method];
    const context = new ExecutionContextHost([request, reply, undefined], desk.controller, handler);
    context.setType('http');
    this.served.set(url, (this.served.get(url) ?? 0) + 1);
    try {
      for (const guard of enhancers.guards) {
        // What Nest's guards consumer throws for a guard that answers false.
        if (!(await guard.canActivate(context))) throw new ForbiddenException('Forbidden resource');
      }
      const answer = await desk.run(this.app, (request as FastifyRequest & { user: AuthenticatedUser }).user, id);
      // call-next's "nobody waits" is a web Response with 204 and no body, as Nest sends it.
      if (answer instanceof Response) return reply.status(answer.status).send();
      return reply.status(200).send(answer);
    } catch (error) {
      enhancers.filter.catch(error, context);
      return reply;
    }
  }
}
