import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { CreateOpen311ClientDto, IssuedOpen311ClientDto, Open311ClientDto } from './open311.dto.js';

/** The prefix of an issued key: says what the secret is when it turns up in a config file. */
const KEY_PREFIX = 'o311_';

/** SHA-256 of a key, hex: what open311_clients.key_hash keeps (a 32-byte random secret needs no slow hash). */
export function hashOpen311Key(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

interface ClientRow {
  id: string;
  name: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toDto = (row: ClientRow): Open311ClientDto => ({
  id: row.id,
  name: row.name,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
});

/**
 * Open311 clients and their `api_key`s (issue #17), issued and revoked by an admin. A key is 32
 * random bytes, shown once at creation; only its SHA-256 is stored, so a copy of the database
 * gives nobody a working key. Logs carry client ids, never keys.
 */
@Injectable()
export class Open311ClientsService {
  private readonly logger = new Logger('Open311');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Open311ClientDto[]> {
    const rows = (await this.db.query(`SELECT id, name, created_by, created_at, revoked_at FROM open311_clients ORDER BY created_at DESC, id`)) as ClientRow[];
    return rows.map(toDto);
  }

  async issue(adminId: string, input: CreateOpen311ClientDto): Promise<IssuedOpen311ClientDto> {
    const apiKey = KEY_PREFIX + randomBytes(32).toString('base64url');
    const [row] = (await this.db.query(
      `INSERT INTO open311_clients (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id, name, created_by, created_at, revoked_at`,
      [input.name, hashOpen311Key(apiKey), adminId, this.clock.now().toJSDate()],
    )) as ClientRow[];
    this.logger.log(`Open311 client ${row.id} issued a key by ${adminId}`);
    return { ...toDto(row), apiKey };
  }

  /** Revokes the client's key (kept, with when, for the record); revoking twice changes nothing. */
  async revoke(adminId: string, clientId: string): Promise<Open311ClientDto> {
    // PostgreSQL's driver answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = (await this.db.query(
      `UPDATE open311_clients SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id, name, created_by, created_at, revoked_at`,
      [clientId, this.clock.now().toJSDate()],
    )) as [ClientRow[], number];
    const revoked = rows[0];
    if (!revoked) throw ApiException.notFound(ErrorCode.NOT_FOUND, 'Open311 client');
    this.logger.log(`Open311 client ${revoked.id} revoked by ${adminId}`);
    return toDto(revoked);
  }

  /** The id of the active client holding this key, or undefined (unknown or revoked). */
  async clientOf(apiKey: unknown): Promise<string | undefined> {
    if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > 200) return undefined;
    const [row] = (await this.db.query(`SELECT id FROM open311_clients WHERE key_hash = $1 AND revoked_at IS NULL`, [hashOpen311Key(apiKey)])) as { id: string }[];
    return row?.id;
  }
}
