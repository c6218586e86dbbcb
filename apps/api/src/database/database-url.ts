import { userInfo } from 'node:os';

/**
 * libpq connects as the operating-system user when a URL names none; node-postgres reads $USER
 * instead, which is often unset (services, containers). Fill in the OS user the way libpq does.
 */
export function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER ?? userInfo().username;
  return parsed.toString();
}
