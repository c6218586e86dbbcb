import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Where the interceptor leaves the claim on the request, for the handler. */
export const IDEMPOTENCY_CLAIM = Symbol('idempotencyClaim');

/** The Idempotency-Key the current request holds (IdempotencyInterceptor claimed it before the handler runs). */
export interface IdempotencyClaim {
  /** Method, route and caller: keys of different endpoints and callers never meet. */
  scope: string;
  key: string;
  /**
   * An earlier request with this key left no response (its instance died, it failed on our side)
   * or its response expired: what it did may have committed. A handler that marks its work with
   * the key looks for it first.
   */
  resumed: boolean;
}

/**
 * The handler's parameter holding the request's IdempotencyClaim, or undefined when the request
 * carries no Idempotency-Key.
 */
export const CurrentIdempotencyClaim = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyClaim | undefined =>
    context.switchToHttp().getRequest<{ [IDEMPOTENCY_CLAIM]?: IdempotencyClaim }>()[IDEMPOTENCY_CLAIM],
);
