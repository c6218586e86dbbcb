import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { toErrorResponse } from '../common/errors/error-response.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyOf,
  idempotencyScopeOf,
  requestHashOf,
} from './idempotency-request.js';
import { IDEMPOTENCY_CLAIM, type IdempotencyClaim } from './idempotency-claim.js';
import { type HeldClaim, IdempotencyRepository } from './idempotency.repository.js';
import { SKIP_IDEMPOTENCY } from './skip-idempotency.decorator.js';
import { notedDatabaseOutage } from '../database/database-errors.js';

type IdempotentRequest = FastifyRequest & { user?: AuthenticatedUser; [IDEMPOTENCY_CLAIM]?: IdempotencyClaim };

/**
 * Pauses before each new attempt to record a request's outcome when the database refused it (ms):
 * soon after PostgreSQL is back, for about a minute.
 */
const RECORD_RETRY_DELAYS_MS = [250, 500, 1_000, ...Array<number>(30).fill(2_000)];

/** What the client got: its status and the JSON text of its body (null: no body). */
interface Recorded {
  status: number;
  json: string | null;
}

/**
 * API.md's Idempotency-Key on every POST: the first request with a key claims it in PostgreSQL,
 * runs, and leaves its response there; a retry with the same key and request gets that response
 * again without running the handler (`Idempotent-Replayed: true`); the same key with another
 * request is 422; a retry while the first still runs is 409 with Retry-After. Responses of 5xx
 * are not kept (the claim is released), so the client can retry. A claim whose instance died
 * (InstanceLiveness) is taken over by the next retry at once; the handler is told so
 * (IdempotencyClaim.resumed) and can look for what the first attempt committed.
 *
 * Guards run before interceptors, so the caller is known here (their id is part of the scope),
 * and a request the guards refuse (401, 403, 429) never claims a key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    if (request.method !== 'POST') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(SKIP_IDEMPOTENCY, [context.getHandler(), context.getClass()])) return next.handle();
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]);
    if (key === undefined) return next.handle();

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const routePattern = request.routeOptions.url ?? request.url.split('?')[0];
    const scope = idempotencyScopeOf(request.method, routePattern, request.user?.id);
    const requestHash = requestHashOf(request.url, request.body);
    // A promise rather than an Observable chain: once the handler has started, its response is
    // stored even if the client goes away meanwhile (Nest then unsubscribes).
    return from(this.handle(next, request, scope, key, requestHash, reply.statusCode));
  }

  private async handle(next: CallHandler, request: IdempotentRequest, scope: string, key: string, requestHash: string, routeStatus: number): Promise<unknown> {
    const outcome = await this.keys.claim(scope, key, requestHash);
    switch (outcome.kind) {
      case 'reused':
        throw new ApiException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key for a new request`,
        );
      case 'in-progress':
        throw new ApiException(
          ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS,
          `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry shortly`,
          undefined,
          { 'Retry-After': '1' },
        );
      case 'replay':
        return replayOf(outcome.status, outcome.body);
      case 'claimed':
        // For handlers that make what they do findable by the key (a booking: bookings.idempotency_key).
        request[IDEMPOTENCY_CLAIM] = { scope: outcome.scope, key: outcome.key, resumed: outcome.resumed };
        return this.run(next, outcome, routeStatus);
    }
  }

  private async run(next: CallHandler, claim: HeldClaim, routeStatus: number): Promise<unknown> {
    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // The same computation as ApiExceptionFilter's, which turns this error into the response.
      const { body } = toErrorResponse(error);
      await this.finish(claim, { status: body.statusCode, json: JSON.stringify(body) });
      throw error;
    }
    await this.finish(claim, await recordedResult(result, routeStatus));
    return result;
  }

  /** Stores the response, or releases the claim for a failure on our side or a body we cannot replay. */
  private async finish(claim: HeldClaim, recorded: Recorded | undefined): Promise<void> {
    const record = () => (recorded && isReplayable(recorded.status) ? this.keys.complete(claim, recorded.status, recorded.json) : this.keys.release(claim));
    try {
      await record();
    } catch (error) {
      // The request itself is done: answer it, and record its outcome in the background (the
      // database may be restarting). Meanwhile retries are told to wait (409 with Retry-After).
      // During a database outage that is one warning for the whole outage, not one per request.
      if (!notedDatabaseOutage(error, 'recording an idempotent request')) {
        this.logger.warn(`Could not record the outcome of an idempotent request yet, retrying: ${error instanceof Error ? error.message : String(error)}`);
      }
      void this.recordLater(record);
    }
  }

  private async recordLater(record: () => Promise<void>): Promise<void> {
    for (const delay of RECORD_RETRY_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      try {
        await record();
        return;
      } catch {
        // Try again after the next pause.
      }
    }
    // The claim is then abandoned after ABANDONED_CLAIM_SECONDS; a booking is still found by its key.
    this.logger.error('Could not record the outcome of an idempotent request; its key is held until it counts as abandoned');
  }
}

/**
 * Kept: successes and the client's errors (400, 404, 409, 422 …), which a retry would meet again.
 * Not kept: 5xx (503 included) and the passing 408 and 429, which a retry may well get past.
 */
function isReplayable(status: number): boolean {
  return status < 500 && status !== 408 && status !== 429;
}

/** The stored response, sent again. A web Response's status wins over the route's (Nest 12). */
function replayOf(status: number, body: unknown): Response {
  const headers: Record<string, string> = { [IDEMPOTENT_REPLAYED_HEADER]: 'true' };
  if (body === null || body === undefined) return new Response(null, { status, headers });
  headers['Content-Type'] = 'application/json; charset=utf-8';
  return new Response(JSON.stringify(body), { status, headers });
}

/** What the client receives for the handler's result; undefined for a body other than JSON. */
async function recordedResult(result: unknown, routeStatus: number): Promise<Recorded | undefined> {
  if (result === undefined || result === null) return { status: routeStatus, json: null };
  if (result instanceof Response) {
    const text = await result.clone().text();
    if (text === '') return { status: result.status, json: null };
    const isJson = /\bjson\b/i.test(result.headers.get('content-type') ?? '');
    return isJson ? { status: result.status, json: text } : undefined;
  }
  if (
    typeof result === 'string' ||
    typeof result === 'bigint' ||
    result instanceof Uint8Array ||
    result instanceof StreamableFile ||
    (typeof result === 'object' && Symbol.asyncIterator in result)
  ) {
    return undefined;
  }
  return { status: routeStatus, json: JSON.stringify(result) ?? null };
}
