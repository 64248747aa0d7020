'use client';
/**
 * Scores over time: timed exams and trace attempts as two series (recharts). Hidden from screen readers: the
 * attempts table below it lists every point with a link to its review.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryPoint } from '@/lib/server/progress/progress';
import { AXIS } from './chart-colors';

const fmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

export function HistoryChart({ points }: { points: HistoryPoint[] }) {
  // One row per point; each series only fills its own key, so the lines join a series' own points.
  const data = points.map((p) => ({
    t: Date.parse(p.at),
    exam: p.kind === 'exam' ? p.pct : undefined,
    trace: p.kind === 'trace' ? p.pct : undefined,
    title: p.title,
  }));
  const hasExam = points.some((p) => p.kind === 'exam');
  const hasTrace = points.some((p) => p.kind === 'trace');
  return (
    <div aria-hidden="true" className="h-64 w-full sm:h-72" data-testid="history-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          accessibilityLayer={false}
          data={data}
          margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t: number) => fmt.format(t)}
            stroke={AXIS.stroke}
            tick={AXIS.tick}
            minTickGap={24}
          />
          <YAxis
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            stroke={AXIS.stroke}
            tick={AXIS.tick}
          />
          <Tooltip
            labelFormatter={(t) => fmt.format(Number(t))}
            formatter={(v, name) => [`${String(v)}%`, name === 'exam' ? 'Timed exam' : 'Trace']}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--border)',
              borderRadius: 8,
              color: 'var(--fg)',
            }}
            labelStyle={{ color: 'var(--muted)' }}
          />
          <Legend
            formatter={(v) => (
              <span style={{ color: 'var(--fg)' }}>{v === 'exam' ? 'Timed exams' : 'Traces'}</span>
            )}
          />
          {hasExam ? (
            <Line
              dataKey="exam"
              name="exam"
              stroke="var(--accent)"
              strokeWidth={2}
              dot={{ r: 4, fill: 'var(--accent)' }}
              connectNulls
              isAnimationActive={false}
            />
          ) : null}
          {hasTrace ? (
            <Line
              dataKey="trace"
              name="trace"
              stroke="var(--warning)"
              strokeWidth={2}
              strokeDasharray="5 3"
              dot={{ r: 3, fill: 'var(--warning)' }}
              connectNulls
              isAnimationActive={false}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
