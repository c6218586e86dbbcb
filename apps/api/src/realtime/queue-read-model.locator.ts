import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QueueReadModel } from './queue-events.js';

/**
 * Finds the tickets module's QueueReadModel. Injected when visible here; otherwise looked up in the
 * whole application, because the tickets module imports this global module (for QueueEvents) and
 * so cannot be imported back. Absent (no tickets module), callers fall back to empty answers.
 */
@Injectable()
export class QueueReadModelLocator {
  private found?: QueueReadModel;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional() injected?: QueueReadModel,
  ) {
    this.found = injected ?? undefined;
  }

  get(): QueueReadModel | undefined {
    if (this.found) return this.found;
    try {
      this.found = this.moduleRef.get(QueueReadModel, { strict: false });
    } catch {
      return undefined;
    }
    return this.found;
  }
}
