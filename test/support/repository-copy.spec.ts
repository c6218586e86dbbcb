import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyRepository, type RepositoryCopy } from './repository-copy.js';

/** A small repository: what git would clone, what it ignores, and an installed node_modules. */
function makeRepository(root: string, { git }: { git: boolean }): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('.gitignore', 'node_modules/\ndist/\nlibs/*/dist/\n.data/\n.env\n');
  write('package.json', '{"name":"fake"}\n');
  write('apps/api/src/main.ts', 'committed\n');
  write('libs/x/package.json', '{"name":"@fake/x"}\n');
  write('libs/x/src/index.ts', 'export {};\n');
  write('gone.ts', 'deleted in the working tree\n');
  // A package, a workspace link (relative, into the repository) and a link elsewhere (npm link).
  write('node_modules/left-pad/index.js', 'module.exports = 1;\n');
  mkdirSync(join(root, 'node_modules/@fake'), { recursive: true });
  symlinkSync('../../libs/x', join(root, 'node_modules/@fake/x'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'turnero-linked-'));
  symlinkSync(elsewhere, join(root, 'node_modules/linked'));
  if (git) {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    run('init', '-q');
    run('add', '-A');
    run('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'fake');
    rmSync(join(root, 'gone.ts'));
  }
  // What a working tree has beyond the commit: an edit, a new file, and things git ignores.
  write('apps/api/src/main.ts', 'edited\n');
  write('apps/api/src/new.ts', 'new, not yet added\n');
  write('dist/apps/api/main.js', 'old build\n');
  write('libs/x/dist/index.js', 'old lib build\n');
  write('.data/postgres/PG_VERSION', '18\n');
  write('.env', 'SECRET=1\n');
}

describe('copyRepository', () => {
  let root: string;
  let copy: RepositoryCopy | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'turnero-fake-repo-'));
  });
  afterEach(() => {
    const linked = existsSync(join(root, 'node_modules/linked')) ? readlinkSync(join(root, 'node_modules/linked')) : undefined;
    copy?.remove();
    copy = undefined;
    rmSync(root, { recursive: true, force: true });
    if (linked) rmSync(linked, { recursive: true, force: true });
  });

  for (const git of [true, false]) {
    it(`copies what a fresh clone of the working tree has and links node_modules (${git ? 'a git checkout' : 'no git'})`, () => {
      makeRepository(root, { git });
      copy = copyRepository(root);
      const inCopy = (path: string) => join(copy!.dir, path);

      expect(readFileSync(inCopy('apps/api/src/main.ts'), 'utf8')).toBe('edited\n');
      expect(readFileSync(inCopy('apps/api/src/new.ts'), 'utf8')).toBe('new, not yet added\n');
      expect(existsSync(inCopy('libs/x/src/index.ts'))).toBe(true);
      for (const ignored of ['dist', 'libs/x/dist', '.data', '.env', '.git']) expect(existsSync(inCopy(ignored)), ignored).toBe(false);
      if (git) expect(existsSync(inCopy('gone.ts'))).toBe(false);

      // Packages are this tree's; the workspace package is the copy's own, so are its builds.
      expect(realpathSync(inCopy('node_modules/left-pad'))).toBe(realpathSync(join(root, 'node_modules/left-pad')));
      expect(realpathSync(inCopy('node_modules/@fake/x'))).toBe(realpathSync(inCopy('libs/x')));
      expect(realpathSync(inCopy('node_modules/linked'))).toBe(realpathSync(readlinkSync(join(root, 'node_modules/linked'))));
      writeFileSync(inCopy('libs/x/index.js'), 'built in the copy\n');
      expect(existsSync(join(root, 'libs/x/index.js'))).toBe(false);
    });
  }

  it('removes the copy and only the copy: never what its node_modules links to', () => {
    makeRepository(root, { git: true });
    copy = copyRepository(root);
    const { dir } = copy;
    copy.remove();
    copy = undefined;
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync(join(root, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    expect(existsSync(join(root, 'libs/x/src/index.ts'))).toBe(true);
    expect(existsSync(readlinkSync(join(root, 'node_modules/linked')))).toBe(true);
  });
});
