/** `npm run content:stats`: the counts match what the seed loads from content/, as one JSON object. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUESTION_TYPES, TOPIC_SLUGS } from '../lib/quiz/bank-schema';
import { contentStats, formatStatsTable } from '../lib/quiz/content-stats';
import { loadBank } from '../lib/server/quiz/load-bank';

const ROOT = join(__dirname, '..');
const run = (args: string[]) =>
  spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'content-stats.mts'),
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe('content:stats', { timeout: 120_000 }, () => {
  it('--json prints one object whose counts are the shipped bank and scenario library', () => {
    const r = run(['--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const s = JSON.parse(r.stdout) as ReturnType<typeof contentStats>;
    const bank = loadBank(join(ROOT, 'content', 'questions'));
    expect(s.questions).toBe(bank.questions.length);
    const scenarioFiles = readdirSync(join(ROOT, 'content', 'scenarios')).filter(
      (f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'),
    );
    expect(s.scenarios).toBe(scenarioFiles.length);
    const exercises = readdirSync(join(ROOT, 'content', 'troubleshooting')).filter((f) =>
      f.endsWith('.yaml'),
    );
    expect(s.troubleshooting).toBe(exercises.length);
    expect(sum(s.troubleshootingByTopic)).toBe(s.troubleshooting);
    expect(sum(s.troubleshootingByDifficulty)).toBe(s.troubleshooting);
    expect(Object.keys(s.questionsByTopic)).toEqual([...TOPIC_SLUGS]);
    expect(sum(s.questionsByTopic)).toBe(s.questions);
    expect(sum(s.questionsByType)).toBe(s.questions);
    expect(sum(s.scenariosByTopic)).toBe(s.scenarios);
    for (const t of TOPIC_SLUGS) {
      expect(sum(s.questionsByTopicAndType[t]!)).toBe(s.questionsByTopic[t]);
      expect(s.questionsByTopic[t]).toBe(bank.questions.filter((q) => q.topic === t).length);
    }
  });

  it('without --json prints a table with a row per topic and the totals', () => {
    const r = run([]);
    expect(r.status, r.stderr).toBe(0);
    for (const t of TOPIC_SLUGS) expect(r.stdout).toMatch(new RegExp(`^${t}\\s`, 'm'));
    expect(r.stdout).toMatch(/^total\s/m);
  });

  it('counts by topic and type, keeping empty topics and types at 0', () => {
    const s = contentStats({
      source: 'test',
      questions: [
        { topic: 'dns', type: 'single', difficulty: 1 },
        { topic: 'dns', type: 'short', difficulty: 2 },
        { topic: 'mtu', type: 'single', difficulty: 3 },
      ],
      scenarios: [{ topic: 'dns', level: 'coarse' }],
      troubleshooting: [
        { topic: 'dns', difficulty: 2 },
        { topic: 'ingress', difficulty: 2 },
        { topic: 'dns', difficulty: 1 },
      ],
    });
    expect(s).toMatchObject({ questions: 3, scenarios: 1, troubleshooting: 3 });
    expect(s.troubleshootingByTopic).toEqual({ dns: 2, ingress: 1 });
    expect(s.troubleshootingByDifficulty).toEqual({ '1': 1, '2': 2, '3': 0 });
    expect(s.questionsByTopic).toMatchObject({ dns: 2, mtu: 1, cni: 0 });
    expect(s.questionsByType).toMatchObject({ single: 2, short: 1, ordering: 0 });
    expect(Object.keys(s.questionsByType)).toEqual([...QUESTION_TYPES]);
    expect(s.questionsByTopicAndType.dns).toMatchObject({ single: 1, short: 1, interview: 0 });
    expect(s.questionsByDifficulty).toEqual({ '1': 1, '2': 1, '3': 1 });
    expect(formatStatsTable(s)).toMatch(/^dns\s+1\s+0\s+0\s+0\s+1\s+0\s+0\s+2$/m);
  });
});
