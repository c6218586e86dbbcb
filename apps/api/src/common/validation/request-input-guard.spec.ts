import { describe, expect, it } from 'vitest';
import { inputProblems, MAX_JSON_DEPTH, textProblem } from './request-input-guard.js';

describe('textProblem', () => {
  it.each([
    ['plain text', 'María José Pérez'],
    ['an emoji (a surrogate pair)', 'Módulo 😀 3'],
    ['tabs and new lines', 'a\tb\nc'],
    ['the empty string', ''],
  ])('accepts %s', (_, value) => {
    expect(textProblem(value)).toBeUndefined();
  });

  it.each([
    ['the NUL character', 'ab\u0000c', /NUL/],
    ['a lone high surrogate at the end', 'abc\ud83d', /lone surrogate/],
    ['a lone low surrogate at the start', '\ude00abc', /lone surrogate/],
    ['two high surrogates in a row', '\ud83d\ud83d\ude00', /lone surrogate/],
  ])('refuses %s', (_, value, message) => {
    expect(textProblem(value)).toMatch(message);
  });
});

describe('inputProblems', () => {
  it('names nested fields and array items with dotted paths', () => {
    const problems = inputProblems({ applicant: { fullName: 'Ana\u0000' }, requirements: ['ok', '\udc00'] }, 'body');
    expect(problems.map((p) => p.field).sort()).toEqual(['applicant.fullName', 'requirements.1']);
  });

  it('names the part itself for a bad string body and the parent for a bad field name', () => {
    expect(inputProblems('\u0000', 'body')).toEqual([{ field: 'body', messages: [expect.stringContaining('NUL')] }]);
    expect(inputProblems({ applicant: { 'a\u0000': 1 } }, 'body')).toEqual([{ field: 'applicant', messages: [expect.stringContaining('field name')] }]);
  });

  it('refuses nesting deeper than the limit, without recursion, naming the field it is in', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(inputProblems(deep, 'body')).toEqual([{ field: 'body', messages: [`body is nested more than ${MAX_JSON_DEPTH} levels deep`] }]);
    let nested: unknown = 'x';
    for (let i = 0; i < 50; i++) nested = { a: nested };
    expect(inputProblems({ applicant: { fullName: nested } }, 'body').map((p) => p.field)).toEqual(['applicant.fullName']);
  });

  it('accepts what the DTOs need: opening hours are three levels deep', () => {
    expect(inputProblems({ openingHours: { 1: [{ start: '08:30', end: '14:00' }] } }, 'body')).toEqual([]);
    expect(inputProblems(undefined, 'body')).toEqual([]);
    expect(inputProblems({ from: '2026-12-01' }, 'query')).toEqual([]);
  });
});
