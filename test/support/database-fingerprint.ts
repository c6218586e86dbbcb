import type { DataSource } from 'typeorm';

/** Per table of the public schema: its row count and an md5 of all its rows; and when it was taken (the database's clock). */
export interface DatabaseFingerprint {
  at: Date;
  tables: Record<string, { rows: number; md5: string }>;
}

/**
 * What every table holds now, in one statement: comparing two fingerprints tells whether anything
 * was inserted, updated or deleted in between (not only whether counts moved).
 */
export async function databaseFingerprint(db: DataSource): Promise<DatabaseFingerprint> {
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const statement = tables
    .map(({ name }, i) => {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      return `SELECT $${i + 1}::text AS name, count(*)::int AS rows, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS md5 FROM ${quoted} r`;
    })
    .join(' UNION ALL ');
  const [{ at }]: { at: Date }[] = await db.query(`SELECT clock_timestamp() AS at`);
  const rows: { name: string; rows: number; md5: string }[] = await db.query(statement, tables.map((t) => t.name));
  return { at, tables: Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, md5: r.md5 }])) };
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: DatabaseFingerprint, after: DatabaseFingerprint): string[] {
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  return [...names].filter((name) => before.tables[name]?.md5 !== after.tables[name]?.md5 || before.tables[name]?.rows !== after.tables[name]?.rows).sort();
}
