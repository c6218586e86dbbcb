import type { EntityManager } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import type { CounterState, DeskRepository } from './desk.repository.js';

/** The counter, 404 when unknown, 403 outside the actor's office. */
export async function counterFor(repo: DeskRepository, manager: EntityManager, actor: AuthenticatedUser, counterId: string, lock = false): Promise<CounterState> {
  const counter = await repo.counter(manager, counterId, lock);
  if (!counter) throw ApiException.notFound(ErrorCode.COUNTER_NOT_FOUND, 'Counter');
  assertOfficeAccess(actor, counter.officeId);
  return counter;
}

export function assertOpen(counter: CounterState): void {
  if (!counter.open) throw new ApiException(ErrorCode.COUNTER_CLOSED, `Counter ${counter.name} is closed: open it first`);
}
