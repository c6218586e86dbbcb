import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface FrontEnd {
  /** The Vite build, relative to the working directory (like the API's own dist/). */
  dir: string;
  /** Public path of its content-hashed assets: Vite's `base` + `assets/` (tools/vite-front-end.ts). */
  assets: string;
  /** Each page answers its prefix and every path under it (client-side routes), e.g. /turno/ABC123. */
  pages: { prefix: string; html: string }[];
}

/** The built front ends served on the API's origin (API.md), when they have been built. */
export const FRONT_ENDS: FrontEnd[] = [
  {
    dir: 'dist/apps/kiosk-display',
    assets: '/display/assets/',
    pages: [
      { prefix: '/display', html: 'display.html' },
      { prefix: '/kiosk', html: 'kiosk.html' },
    ],
  },
  { dir: 'dist/apps/web', assets: '/assets/', pages: [{ prefix: '/', html: 'index.html' }] },
];

/** Paths that are never a page: the API, Open311 and socket.io keep their own (JSON) 404s. */
const NOT_A_PAGE = /^\/(api|open311|socket\.io)(\/|$)/;
/** A path ending in a file name ("/logo.png", "/assets/x.js") is a missing file, not a client-side route. */
const FILE_NAME = /\/[^/]*\.[A-Za-z0-9]+$/;

/**
 * Serves the front ends' builds: hashed assets with a year-long immutable cache; HTML pages with
 * `no-cache` (always revalidated, so a new build is picked up at once), read from disk on each
 * request so a rebuild needs no restart. Returns whether the web app (at `/`) is there.
 */
export async function serveFrontEnds(fastify: FastifyInstance, frontEnds = FRONT_ENDS): Promise<{ web: boolean }> {
  let web = false;
  for (const frontEnd of frontEnds) {
    const root = resolve(frontEnd.dir);
    if (!existsSync(root)) continue;
    await fastify.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: frontEnd.assets,
      decorateReply: false,
      index: false,
      cacheControl: true,
      maxAge: '365d',
      immutable: true,
    });
    for (const page of frontEnd.pages) {
      const file = join(root, page.html);
      const handler = (request: FastifyRequest, reply: FastifyReply) => sendPage(request, reply, file);
      const base = page.prefix === '/' ? '' : page.prefix;
      if (base) fastify.get(base, handler);
      fastify.get(`${base}/`, handler);
      fastify.get(`${base}/*`, handler);
      if (page.prefix === '/') web = true;
    }
  }
  return { web };
}

async function sendPage(request: FastifyRequest, reply: FastifyReply, file: string): Promise<FastifyReply> {
  const path = request.url.split('?')[0];
  if (NOT_A_PAGE.test(path) || FILE_NAME.test(path)) {
    reply.callNotFound();
    return reply;
  }
  const html = await readFile(file);
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
}
