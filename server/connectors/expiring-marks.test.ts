import { describe, expect, it } from 'vitest';
import { ExpiringMarks } from './expiring-marks';

describe('ExpiringMarks', () => {
  it('drops marks once they are older than the age limit', () => {
    const marks = new ExpiringMarks<number>(1000, 100);
    marks.set('a', 1, 0);
    marks.set('b', 2, 500);
    marks.prune(999);
    expect([marks.has('a'), marks.has('b')]).toEqual([true, true]);
    marks.prune(1000);
    expect([marks.has('a'), marks.has('b')]).toEqual([false, true]);
    expect(marks.get('b')).toBe(2);
    marks.prune(1500);
    expect(marks.size).toBe(0);
  });

  it('keeps at most the limit, dropping the oldest first', () => {
    const marks = new ExpiringMarks<string>(Infinity, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) marks.set(key, key.toUpperCase(), 0);
    expect(marks.size).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e'].filter((key) => marks.has(key))).toEqual(['c', 'd', 'e']);
  });

  it('a renewed mark becomes the newest and takes its new value and time', () => {
    const marks = new ExpiringMarks<number>(1000, 2);
    marks.set('a', 1, 0);
    marks.set('b', 2, 100);
    marks.set('a', 3, 200);
    marks.set('c', 4, 300);
    // 'b' is now the oldest: the limit drops it, not the renewed 'a'.
    expect([marks.has('a'), marks.has('b'), marks.has('c')]).toEqual([true, false, true]);
    expect(marks.get('a')).toBe(3);
    marks.prune(1100);
    expect(marks.has('a')).toBe(true);
    marks.prune(1200);
    expect(marks.has('a')).toBe(false);
  });

  it('tells of the marks its limits drop, not of those deleted or renewed', () => {
    const dropped: string[] = [];
    const marks = new ExpiringMarks<number>(1000, 2, (key, value) => dropped.push(`${key}=${value}`));
    marks.set('a', 1, 0);
    marks.set('b', 2, 0);
    marks.set('a', 3, 10);
    marks.delete('b');
    marks.set('c', 4, 20);
    marks.set('d', 5, 30);
    expect(dropped).toEqual(['a=3']);
    marks.prune(1025);
    expect(dropped).toEqual(['a=3', 'c=4']);
  });

  it('stays small and fast when held at its limit or renewing the same keys', () => {
    const marks = new ExpiringMarks<number>(60_000, 1000);
    for (let i = 0; i < 200_000; i++) marks.set(`k${i}`, i, i);
    expect(marks.size).toBe(1000);
    for (let i = 0; i < 200_000; i++) marks.set(`r${i % 10}`, i, 200_000);
    expect(marks.has('r3')).toBe(true);
    const internal = marks as unknown as { order: unknown[] };
    expect(internal.order.length).toBeLessThan(5000);
  });
});
