import { jest } from '@jest/globals';
import { validate, version } from 'uuid';
import { newEvaluationId } from './evaluation-ids.js';

describe('newEvaluationId', () => {
  it('makes valid UUIDv7s that only grow, many within one millisecond and across refills of the random pool', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5_000 }, () => newEvaluationId());
    const after = Date.now();
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The first 48 bits are the time in milliseconds (a counter overflow may move it ahead).
    const msecs = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msecs(ids[0])).toBeGreaterThanOrEqual(before);
    expect(msecs(ids[ids.length - 1])).toBeLessThanOrEqual(after + 1);
  });

  it('draws fresh random bits for each id: no two ids share their last 40 bits (random, not sequence)', () => {
    const tails = Array.from({ length: 2_000 }, () => newEvaluationId().slice(-10));
    expect(new Set(tails).size).toBe(tails.length);
  });

  it('keeps growing when the clock steps back', () => {
    const now = jest.spyOn(Date, 'now');
    try {
      const start = Date.now() + 60_000;
      now.mockReturnValue(start);
      const first = newEvaluationId();
      now.mockReturnValue(start - 5);
      const second = newEvaluationId();
      now.mockReturnValue(start + 1);
      const third = newEvaluationId();
      expect([first < second, second < third]).toEqual([true, true]);
    } finally {
      now.mockRestore();
    }
  });
});
