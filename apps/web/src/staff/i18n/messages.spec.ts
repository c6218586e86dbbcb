import { describe, expect, it } from 'vitest';
import en from './en.json';
import es from './es.json';

type Tree = { [key: string]: string | Tree };

/** Every leaf key, with i18next's plural suffixes folded (`minutes_one` → `minutes`). */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));
}
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** The console's source files, as text (Vite's glob import: this spec also type-checks as browser code). */
const sources: Record<string, string> = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.spec.ts'], { query: '?raw', import: 'default', eager: true });

describe('the staff console texts', () => {
  it('has the same keys in English as in Spanish (the source)', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(es as Tree).sort());
  });

  it('has a Spanish text for every literal key the code asks for', () => {
    const known = new Set(keys(es as Tree).map(base));
    const code = Object.values(sources).join('\n');
    const asked = [...code.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9_.-]+)'/g)].map((match) => match[1]);
    expect(asked.length).toBeGreaterThan(100);
    expect(asked.filter((key) => !known.has(key))).toEqual([]);
  });
});
