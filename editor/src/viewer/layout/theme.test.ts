import { describe, expect, it } from 'vitest';
import { contrast, themeColors } from './theme.ts';

const rgb = (hex: string): [number, number, number] => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
];

describe('themeColors: the builder’s colour stays readable', () => {
  it('puts white text on a dark accent and dark text on a light one', () => {
    expect(themeColors('#7c3aed').onAccent).toBe('#ffffff');
    expect(themeColors('#facc15').onAccent).toBe('#171717');
  });

  it('darkens a light accent until it reads as text on white (4.5:1)', () => {
    for (const hex of ['#facc15', '#22d3ee', '#a3e635', '#ffffff', '#7c3aed']) {
      const { accentInk } = themeColors(hex);
      expect(contrast(rgb(accentInk), [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    }
    expect(themeColors('#7c3aed').accentInk).toBe('#7c3aed');
  });

  it('falls back to the platform colour for a value that is not a colour', () => {
    expect(themeColors('red').accent).toBe('#4f46e5');
  });
});
