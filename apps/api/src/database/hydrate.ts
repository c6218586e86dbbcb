import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a raw row (`RETURNING *`, `SELECT *`), converted exactly as TypeORM's own reads
 * convert each column: hot paths can change a row and read it back in one statement instead of an
 * update followed by a re-read.
 */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = db.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) column.setEntityValue(entity, db.driver.prepareHydratedValue(row[column.databaseName], column));
  return entity;
}

/** `SET` assignments for an entity's properties, starting at parameter `$first`. */
export function assignments<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, changes: Partial<T>, first: number): { sql: string; values: unknown[] } {
  const metadata = db.getMetadata(target);
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const [property, value] of Object.entries(changes)) {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    values.push(db.driver.preparePersistentValue(value, column));
    parts.push(`"${column.databaseName}" = $${first + values.length - 1}`);
  }
  return { sql: parts.join(', '), values };
}
