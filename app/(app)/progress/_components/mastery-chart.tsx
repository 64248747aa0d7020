'use client';
/**
 * Mastery per topic as a horizontal bar chart (recharts) with the percentage beside each bar. Hidden from
 * screen readers: the table next to it (MasteryTable) carries the same numbers and more.
 */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { MasteryRow } from '@/lib/server/progress/progress';
import { AXIS, BAND_COLOR } from './chart-colors';

export function MasteryChart({ rows }: { rows: MasteryRow[] }) {
  const data = rows.map((r) => ({
    name: r.short,
    pct: r.pct,
    band: r.band,
    low: r.confidencePct < 50,
    label: `${r.pct}%`,
  }));
  const height = Math.max(120, data.length * 34 + 40);
  return (
    <div aria-hidden="true" className="w-full" style={{ height }} data-testid="mastery-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          accessibilityLayer={false}
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 44, bottom: 4, left: 4 }}
          barCategoryGap={6}
        >
          <CartesianGrid horizontal={false} stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            type="number"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            stroke={AXIS.stroke}
            tick={AXIS.tick}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={108}
            stroke={AXIS.stroke}
            tick={AXIS.tick}
            interval={0}
          />
          <Bar dataKey="pct" radius={[0, 4, 4, 0]} isAnimationActive={false} minPointSize={2}>
            {data.map((d) => (
              <Cell key={d.name} fill={BAND_COLOR[d.band]} fillOpacity={d.low ? 0.55 : 1} />
            ))}
            <LabelList dataKey="label" position="right" fill="var(--fg)" fontSize={12} fontWeight={600} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
