import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code (null when ended by a signal, as npm does). */
  stop(): Promise<number | null>;
}

/**
 * Starts the API as its own process (as the README does) and waits until it says it is running.
 * `cwd`: where to run `command` (default: this process's working directory, the repository).
 */
export async function startApiProcess(
  command: string[],
  env: Record<string, string | undefined>,
  port: number,
  { timeoutMs = 120_000, cwd }: { timeoutMs?: number; cwd?: string } = {},
): Promise<ApiProcess> {
  const childEnv: Record<string, string> = {};
  // A loaded test machine's lag is no overload: an API process started here sheds nothing unless the
  // spec asks for it (LOAD_SHED, LOAD_SHED_DRILL), as in-process apps under NODE_ENV=test — also when
  // the spec runs it as development or production.
  for (const [key, value] of Object.entries({ LOAD_SHED: 'false', ...process.env, ...env })) if (value !== undefined) childEnv[key] = value;
  const child = spawn(command[0], command.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Never leave a server behind when a test fails half-way.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (or building, under `npm start`) for the rest of the run.
      child.kill('SIGTERM');
      reject(new Error(`API did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      if (output.includes('Turnero is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`API exited with ${code} before starting:\n${output}`));
    });
  });

  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
