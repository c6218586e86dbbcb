import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id hashing of staff passwords, behind one class so the cost is set in one place. */
@Injectable()
export class PasswordHasher {
  // OWASP's minimum argon2id profile: 19 MiB, 2 passes. Enough against offline guessing, and a
  // login stays well under 100 ms on a small server.
  private readonly options = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;
  /** A real hash of a random password: verifying against it costs what a real check costs. */
  private readonly dummyHash = argon2.hash(randomUUID(), this.options);

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    // Unknown users are checked against a dummy hash so that timing doesn't tell them apart.
    const target = hash ?? (await this.dummyHash);
    const matches = await argon2.verify(target, password).catch(() => false);
    return matches && hash !== undefined;
  }
}
