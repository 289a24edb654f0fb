import { describe, expect, it } from 'vitest';
import { RowHeight } from './row-height';

describe('RowHeight', () => {
  it('starts at the estimate and grows to the tallest row measured', () => {
    const rows = new RowHeight(130);
    expect(rows.current(10)).toBe(130);
    expect(rows.measured(10, 120)).toBe(false);
    expect(rows.current(10)).toBe(130);
    expect(rows.measured(10, 221)).toBe(true);
    expect(rows.current(10)).toBe(221);
  });

  it('never shrinks while the column count holds: a tile losing its call line keeps its row', () => {
    const rows = new RowHeight(130);
    rows.measured(10, 221);
    expect(rows.measured(10, 165)).toBe(false);
    expect(rows.current(10)).toBe(221);
    expect(rows.measured(10, 221)).toBe(false);
  });

  it('starts again when the column count changes', () => {
    const rows = new RowHeight(130);
    rows.measured(10, 221);
    expect(rows.current(6)).toBe(130);
    expect(rows.measured(6, 190)).toBe(true);
    expect(rows.current(6)).toBe(190);
  });
});
