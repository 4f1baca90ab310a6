import { describe, expect, it } from 'vitest';
import { X12Error } from './errors.ts';
import { components, dateEl, decimalEl, decimalToCents, fractionToPercent, periodEl, repeats, requireEl, timeEl } from './segment.ts';
import type { Segment } from './tokenizer.ts';

const s = (...elements: string[]): Segment => ({ id: elements[0]!, elements, position: 7 });
const d = { element: '*', component: ':', repetition: '^', segment: '~' };

describe('element values', () => {
  it('reads dates, leap days included, and rejects impossible ones at the element', () => {
    expect(dateEl(s('DMG', 'D8', '20240229'), 2)).toBe('2024-02-29');
    for (const bad of ['20230229', '2024022', '20241301', 'ABCDEFGH', '']) {
      expect(() => dateEl(s('DMG', 'D8', bad), 2)).toThrow(X12Error);
    }
    expect(() => dateEl(s('DMG', 'D8', '19630519X'), 2)).toThrow('X12 segment 7 (DMG) element DMG02: must be a calendar date CCYYMMDD');
  });

  it('reads D8 and RD8 periods', () => {
    expect(periodEl(s('DTP', '346', 'D8', '20060101'), 2)).toEqual({ from: '2006-01-01' });
    expect(periodEl(s('DTP', '291', 'RD8', '20240101-20241231'), 2)).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(() => periodEl(s('DTP', '291', 'RD8', '20240101'), 2)).toThrow(/RD8 range/);
    expect(() => periodEl(s('DTP', '291', 'DT', '202401011200'), 2)).toThrow(/D8 or RD8/);
  });

  it('reads times HHMM with optional seconds', () => {
    expect(timeEl(s('BHT', '0022', '11', 'X', '20060501', '1319'), 5)).toBe('13:19');
    expect(timeEl(s('BHT', '0022', '11', 'X', '20060501', '131959'), 5)).toBe('13:19');
    expect(() => timeEl(s('BHT', '0022', '11', 'X', '20060501', '2460'), 5)).toThrow(X12Error);
  });

  it('keeps amounts exact: decimal strings and integer cents, no float drift', () => {
    const cases: [string, string, number | undefined][] = [
      ['10.00', '10.00', 1000],
      ['.5', '0.5', 50],
      ['1500', '1500', 150000],
      ['0.29', '0.29', 29],
      ['19.99', '19.99', 1999],
      ['-25.1', '-25.1', -2510],
      ['12.345', '12.345', undefined],
      ['12.3400', '12.3400', 1234],
      ['7.', '7', 700],
      ['-0', '-0', 0],
    ];
    for (const [raw, exact, cents] of cases) {
      const v = decimalEl(s('EB', raw), 1);
      expect(v).toBe(exact);
      expect(decimalToCents(v)).toBe(cents);
    }
    for (const bad of ['', '1,500.00', '1e3', '$10', '.', '-', '10.0.0']) expect(() => decimalEl(s('EB', bad), 1)).toThrow(X12Error);
  });

  it('turns EB08 fractions into exact percentages', () => {
    expect([['.2', '20'], ['0.20', '20'], ['0.125', '12.5'], ['1', '100'], ['0', '0'], ['0.005', '0.5'], ['0.07', '7']].map(([v]) => fractionToPercent(v!))).toEqual(['20', '20', '12.5', '100', '0', '0.5', '7']);
  });

  it('splits components and repetitions with the interchange delimiters', () => {
    expect(components('HC:99213:25', d)).toEqual(['HC', '99213', '25']);
    expect(repeats('1^33^98', d)).toEqual(['1', '33', '98']);
    expect(repeats('', d)).toEqual([]);
    expect(repeats('1^33', { ...d, repetition: undefined })).toEqual(['1^33']);
  });

  it('names a missing required element', () => {
    expect(() => requireEl(s('AAA', 'Y', '', ''), 3, 'AAA03 reject reason')).toThrow('X12 segment 7 (AAA) element AAA03: AAA03 reject reason is required');
  });
});
