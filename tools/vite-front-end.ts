import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The API during development (`npm start`); the dev servers forward /api and /socket.io to it. */
const API = process.env.TURNERO_API ?? 'http://localhost:3000';

export interface FrontEndOptions {
  /** apps/<app>: the Vite root, built to dist/apps/<app> (where create-app.ts serves it from). */
  app: string;
  /** Public path of the built assets, as create-app.ts serves them. */
  base: string;
  /** HTML entries, relative to the app's folder (several for a multi-page app). */
  pages: Record<string, string>;
  port: number;
}

/**
 * The Vite configuration both front ends share: React, the shared libs compiled from their
 * TypeScript sources, the API proxied in development, the build in dist/apps/<app>.
 */
export function frontEndConfig(options: FrontEndOptions, command: 'build' | 'serve'): UserConfig {
  const root = fromRoot(`apps/${options.app}`);
  const multiPage = Object.keys(options.pages).length > 1;
  return {
    root,
    base: command === 'build' ? options.base : '/',
    appType: multiPage ? 'mpa' : 'spa',
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^@turnero\/api-client$/, replacement: fromRoot('libs/api-client/src/index.ts') },
        { find: /^@turnero\/ui$/, replacement: fromRoot('libs/ui/src/index.ts') },
        { find: /^@turnero\/ui\/tokens\.css$/, replacement: fromRoot('libs/ui/src/tokens.css') },
      ],
    },
    server: {
      port: options.port,
      proxy: {
        '/api': { target: API, changeOrigin: true },
        '/socket.io': { target: API, changeOrigin: true, ws: true },
      },
    },
    build: {
      outDir: fromRoot(`dist/apps/${options.app}`),
      // Files are replaced in place, never removed first: `npm start` rebuilds while other
      // processes (another instance, the end-to-end tests) may be serving this folder, and an
      // emptied folder would answer 404 for a moment. Hashed names make identical builds
      // identical files; an old asset left behind is harmless.
      emptyOutDir: false,
      // Hashed file names: create-app.ts serves assets/ with a year-long immutable cache.
      assetsDir: 'assets',
      rolldownOptions: { input: Object.fromEntries(Object.entries(options.pages).map(([name, page]) => [name, `${root}/${page}`])) },
    },
  };
}
