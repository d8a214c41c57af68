import { describe, expect, it } from 'vitest';
import {
  looksLikeNumber,
  parseLenient,
  readLenient,
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
    ['x123', 'an extension without its number'],
    ['2064205780 x', 'an extension marker without digits'],
    ['2064205780 x1234567', 'an extension of more than 6 digits'],
    ['2064205780 x12 x34', 'two extensions'],
    ['206420578 x12', 'nine digits before the extension'],
    ['206-CALL-NOW x12', 'letters before the extension'],
    ['2064205780 #123', 'a # is not read as an extension mark'],
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

describe('readLenient: extensions', () => {
  // A port moves the main number with every extension behind it: the main
  // number is what gets checked, and the extension is kept to be shown.
  it.each([
    ['206-420-5780 x123', '12064205780', '123'],
    ['2064205780x123', '12064205780', '123'],
    ['(206) 420-5780 X 7', '12064205780', '7'],
    ['206 420 5780 ext. 12', '12064205780', '12'],
    ['206.420.5780 ext 12', '12064205780', '12'],
    ['+1 206 420 5780 Ext.12', '12064205780', '12'],
    ['206-420-5780 extn 4', '12064205780', '4'],
    ['206-420-5780 extension: 123456', '12064205780', '123456'],
  ])('%j -> %s, extension %s', (raw, number, extension) => {
    expect(readLenient(raw)).toEqual({ number, extension });
    expect(parseLenient(raw)).toBe(number);
  });

  it('has no extension for a plain number', () => {
    expect(readLenient('(206) 420-5780')).toEqual({ number: '12064205780', extension: null });
    expect(readLenient('206-CALL-NOW')).toBeNull();
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
    // An extension stays with its number, however many tokens it takes.
    ['206-420-5780 x123', ['206-420-5780 x123']],
    ['2064205780 x123 2064205781', ['2064205780 x123', '2064205781']],
    ['206 420 5780 ext. 12 206 420 5781', ['206 420 5780 ext. 12', '206 420 5781']],
    ['+1 206 420 5780 ext : 12', ['+1 206 420 5780 ext : 12']],
    ['2064205780 x 12 x13', ['2064205780 x 12', 'x13']],
    ['x123 2064205780', ['x123', '2064205780']],
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
    ['206-420-5780 x123', true],
    ['x123', false],
  ])('%j -> %s', (token, expected) => {
    expect(looksLikeNumber(token)).toBe(expected);
  });
});

describe('toRequestNumbers', () => {
  it('sends the canonical form when it parses and the trimmed input otherwise', () => {
    expect(
      toRequestNumbers(['(206) 420-5780', ' 206-CALL-NOW ', '+1 844 420 5780', '206-420-5781 ext. 12']),
    ).toEqual(['12064205780', '206-CALL-NOW', '18444205780', '12064205781']);
  });
});
