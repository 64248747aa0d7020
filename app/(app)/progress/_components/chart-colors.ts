/**
 * Chart colours come from the theme's CSS variables (app/globals.css), so charts follow light and dark mode
 * without re-rendering: SVG `fill`/`stroke` accept `var(--…)`.
 */
import type { MasteryBand } from '@/lib/progress/mastery';

export const BAND_COLOR: Record<MasteryBand, string> = {
  strong: 'var(--success)',
  solid: 'var(--accent)',
  shaky: 'var(--warning)',
  weak: 'var(--danger)',
};

export const AXIS = { stroke: 'var(--border)', tick: { fill: 'var(--muted)', fontSize: 12 } } as const;
