/**
 * The app's theme colour as CSS variables the viewer's accents read: the colour itself for
 * fills, the text colour that stays readable on it, and a shade of it dark enough for links and
 * headings on white (WCAG AA, 4.5:1), so a builder's yellow never becomes unreadable text.
 */

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)] : null;
}

const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [23, 23, 23];
const FALLBACK = '#4f46e5';

export interface ThemeColors {
  accent: string;
  /** Text on the accent: white, or near-black on a light accent. */
  onAccent: string;
  /** The accent darkened until it reads as text on white. */
  accentInk: string;
  /** A very light tint for selected and hovered backgrounds. */
  accentSoft: string;
}

export function themeColors(hex: string): ThemeColors {
  const base = parseHex(hex) ?? parseHex(FALLBACK)!;
  const onAccent = contrast(base, WHITE) >= 4.5 || contrast(base, WHITE) >= contrast(base, INK) ? WHITE : INK;
  let ink = base;
  for (let i = 0; i < 20 && contrast(ink, WHITE) < 4.5; i++) ink = ink.map((c) => c * 0.9) as Rgb;
  const soft = base.map((c) => 255 - (255 - c) * 0.1) as Rgb;
  return { accent: toHex(base), onAccent: toHex(onAccent), accentInk: toHex(ink), accentSoft: toHex(soft) };
}

/** The variables, as a React style object for the viewer's root. */
export function themeStyle(hex: string): Record<string, string> {
  const colors = themeColors(hex);
  return {
    '--app-accent': colors.accent,
    '--app-on-accent': colors.onAccent,
    '--app-accent-ink': colors.accentInk,
    '--app-accent-soft': colors.accentSoft,
  };
}
