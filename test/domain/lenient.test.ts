import { describe, expect, it } from 'vitest';
import {
  looksLikeNumber,
  parseLenient,
  splitNumberList,
  toRequestNumbers,
} from '../../src/domain/lenient.js';

describe('parseLenient', () => {
  it.each([
    ['(206) 420-5780', '12064205780'],
    ['206.420.5780', '12064205780'],
    ['206-420-5780', '12064205780'],
    ['206 420 5780', '12064205780'],
    ['206/420-5780', '12064205780'],
    ['+1 206 420 5780', '12064205780'],
    ['+1 206.420.5780', '12064205780'],
    ['+1 (206) 420-5780', '12064205780'],
    ['1-206-420-5780', '12064205780'],
    ['1 (206) 420-5780', '12064205780'],
    ['12064205780', '12064205780'],
    ['+12064205780', '12064205780'],
    ['2064205780', '12064205780'],
    ['+2064205780', '12064205780'],
    ['  (206) 420-5780  ', '12064205780'],
    ['\t2064205780\n', '12064205780'],
    ['(844) 420-5780', '18444205780'],
    // Structurally odd numbers still canonicalise: judging them is the domain check's job.
    ['911-555-1234', '19115551234'],
  ])('%j -> %s', (raw, expected) => {
    expect(parseLenient(raw)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['206-CALL-NOW', 'letters (vanity)'],
    ['1-800-FLOWERS', 'letters (vanity)'],
    ['2064205780 x123', 'extension'],
    ['206-420-5780 ext. 12', 'extension'],
    ['2064205780#', 'other character'],
    ['206420578', 'nine digits'],
    ['206420578012', 'twelve digits'],
    ['22064205780', 'eleven digits not starting with 1'],
    ['++12064205780', 'two plus signs'],
    ['1+2064205780', 'plus not in front'],
    ['((206) 420-5780', 'unbalanced brackets'],
    ['(206 420-5780', 'unclosed bracket'],
    ['206) 420-5780', 'closing bracket first'],
    ['(206) (420) 5780', 'two pairs of brackets'],
    ['２０６４２０５７８０', 'non-ASCII digits'],
  ])('%j -> null (%s)', (raw) => {
    expect(parseLenient(raw)).toBeNull();
  });
});

describe('splitNumberList', () => {
  it.each([
    ['2064205780', ['2064205780']],
    ['(206) 420-5780', ['(206) 420-5780']],
    ['(206) 420-5780\n(206) 420-5781', ['(206) 420-5780', '(206) 420-5781']],
    [
      '2064205780,2064205781;2064205782\t2064205783',
      ['2064205780', '2064205781', '2064205782', '2064205783'],
    ],
    ['2064205780\r\n2064205781\r\n', ['2064205780', '2064205781']],
    ['2064205780 2064205781', ['2064205780', '2064205781']],
    ['2064205780   +1 206 420 5781', ['2064205780', '+1 206 420 5781']],
    ['206 420 5780 206 420 5781', ['206 420 5780', '206 420 5781']],
    ['+1 206 420 5780, (206) 420-5781', ['+1 206 420 5780', '(206) 420-5781']],
    ['call 206-420-5780 today', ['call', '206-420-5780', 'today']],
    ['"(206) 420-5780","Alice"', ['(206) 420-5780', 'Alice']],
    [' , ;\n\n', []],
    ['206-CALL-NOW', ['206-CALL-NOW']],
  ])('%j', (text, expected) => {
    expect(splitNumberList(text)).toEqual(expected);
  });
});

describe('looksLikeNumber', () => {
  it.each([
    ['(206) 420-5780', true],
    ['206420578', true], // mistyped, still meant as a number: reported invalid, not dropped
    ['+44 20 7946 0958', true],
    ['number', false],
    ['Alice', false],
    ['42', false],
    ['206-CALL-NOW', false],
    ['1234567890123456', false],
  ])('%j -> %s', (token, expected) => {
    expect(looksLikeNumber(token)).toBe(expected);
  });
});

describe('toRequestNumbers', () => {
  it('sends the canonical form when it parses and the trimmed input otherwise', () => {
    expect(toRequestNumbers(['(206) 420-5780', ' 206-CALL-NOW ', '+1 844 420 5780'])).toEqual([
      '12064205780',
      '206-CALL-NOW',
      '18444205780',
    ]);
  });
});
