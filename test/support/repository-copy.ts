import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** What a fresh clone would not have (.gitignore), for when the tree is not a git checkout. */
const NOT_IN_A_CLONE = new Set(['.git', 'node_modules', 'dist', '.data', '.nx', 'coverage', 'test-output', '.env']);

export interface RepositoryCopy {
  /** The copy's root: run commands here (cwd) as from a fresh clone's. */
  dir: string;
  /** Removes the copy (node_modules' links only, never what they point to). */
  remove(): void;
}

/**
 * The repository as a fresh clone with `npm ci` done would be, in a temporary folder: the files git
 * would clone (tracked and new ones, the working tree's edits included, nothing git ignores) and a
 * node_modules of links to this tree's packages. For running what writes the build (`npm start`)
 * while the other test files run the API and the front ends from this tree's dist/: a build
 * rewrites its files in place, and a process that loads one half-written fails.
 */
export function copyRepository(repository = process.cwd()): RepositoryCopy {
  const root = resolve(repository);
  const dir = mkdtempSync(join(tmpdir(), 'turnero-copy-'));
  try {
    const files = filesOfAClone(root);
    if (files) {
      for (const file of files) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        cpSync(join(root, file), join(dir, file), { verbatimSymlinks: true });
      }
    } else {
      cpSync(root, dir, { recursive: true, verbatimSymlinks: true, filter: (source) => !NOT_IN_A_CLONE.has(basename(source)) || source === root });
    }
    linkPackages(join(root, 'node_modules'), join(dir, 'node_modules'), root, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Retried: after a failed start, processes of the copy's may still be writing into it for a moment.
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }) };
}

/** Tracked files and untracked ones git does not ignore, existing ones only; undefined outside a git checkout. */
function filesOfAClone(root: string): string[] | undefined {
  let listed: string;
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  // A tracked file deleted in the working tree is listed too (a clone of the edits has none), and
  // a submodule is listed as its folder.
  const exists = (file: string) => {
    const stats = lstatSync(join(root, file), { throwIfNoEntry: false });
    return stats !== undefined && !stats.isDirectory();
  };
  return [...new Set(listed.split('\0'))].filter((file) => file && exists(file));
}

/**
 * node_modules as links to `from`'s entries (no copying: it is hundreds of megabytes), except the
 * workspace packages (`@turnero/x -> ../../libs/x`): a link into the repository points to the same
 * place in the copy, so the copy's API loads the copy's own libs/ and their builds.
 */
function linkPackages(from: string, to: string, root: string, copy: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isSymbolicLink()) {
      const pointsTo = resolve(from, readlinkSync(source));
      const inRepository = relative(root, pointsTo);
      symlinkSync(inRepository.startsWith('..') || isAbsolute(inRepository) ? pointsTo : join(copy, inRepository), target);
    } else if (entry.name.startsWith('@') && readdirSync(source, { withFileTypes: true }).some((e) => e.isSymbolicLink())) {
      linkPackages(source, target, root, copy);
    } else {
      symlinkSync(source, target);
    }
  }
}
