'use client';
/**
 * Import: pick a file → dry-run report from the server (nothing written) → confirm → one transaction.
 * The file goes to POST /api/admin/bank/import (a route handler: a whole bank exceeds the server-action body
 * limit) with the CSRF token in a header.
 */
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { ImportEntryReport, ImportReport } from '@/lib/server/authoring/bank';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';

type Phase =
  | { kind: 'idle' }
  | { kind: 'busy'; what: string }
  | { kind: 'planned'; report: ImportReport }
  | { kind: 'applied'; report: ImportReport }
  | { kind: 'error'; message: string };

const OUTCOME_TEXT: Record<ImportEntryReport['outcome'], string> = {
  added: 'Added',
  changed: 'Changed',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
};
const OUTCOME_TONE: Record<ImportEntryReport['outcome'], string> = {
  added: 'text-success',
  changed: 'text-accent',
  unchanged: 'text-muted',
  rejected: 'text-danger',
};

async function send(
  mode: 'plan' | 'apply',
  text: string,
  csrfToken: string,
): Promise<{ applied: boolean; report: ImportReport } | { error: string }> {
  const res = await fetch(`/api/admin/bank/import?mode=${mode}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'x-csrf-token': csrfToken },
    body: text,
  });
  const body = (await res.json().catch(() => null)) as
    { applied: boolean; report: ImportReport } | { error: string } | null;
  if (!body) return { error: `The server answered ${res.status}.` };
  return body;
}

function ReportView({ report }: { report: ImportReport }) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  const listed = report.entries.filter((e) => showUnchanged || e.outcome !== 'unchanged');
  return (
    <div className="flex flex-col gap-3" data-testid="import-report">
      <ul className="flex flex-wrap gap-2 text-sm" aria-label="Summary">
        {(['added', 'changed', 'unchanged', 'rejected'] as const).map((o) => (
          <li
            key={o}
            className={cn(
              'rounded-lg border border-border px-3 py-1.5',
              report.counts[o] > 0 && o === 'rejected' && 'border-danger/50 bg-danger-bg',
            )}
            data-testid={`count-${o}`}
          >
            <span className={cn('font-semibold tabular-nums', OUTCOME_TONE[o])}>{report.counts[o]}</span>{' '}
            {OUTCOME_TEXT[o].toLowerCase()}
          </li>
        ))}
      </ul>
      {report.fileErrors.length ? (
        <Alert tone="error" title="The file is not a PacketPath bank file" testId="import-file-errors">
          <ul className="list-disc pl-5">
            {report.fileErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {listed.length ? (
        <div className="max-h-[28rem] overflow-auto rounded-lg border border-border">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Entries of the file</caption>
            <thead className="sticky top-0 bg-surface-2 text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Entry
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Outcome
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Details
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {listed.map((e) => (
                <tr key={`${e.kind}:${e.id}`} data-testid={`import-entry-${e.id}`}>
                  <th scope="row" className="px-3 py-2 align-top font-normal">
                    <span className="text-xs text-muted">{e.kind}</span>
                    <span className="block break-all font-mono text-xs">{e.id}</span>
                  </th>
                  <td className={cn('px-3 py-2 align-top font-medium', OUTCOME_TONE[e.outcome])}>
                    {OUTCOME_TEXT[e.outcome]}
                  </td>
                  <td className="px-3 py-2 align-top text-xs">
                    {[...e.reasons, ...e.notes].length ? (
                      <ul className="flex flex-col gap-0.5">
                        {e.reasons.map((r) => (
                          <li key={r} className="text-danger">
                            {r}
                          </li>
                        ))}
                        {e.notes.map((n) => (
                          <li key={n} className="text-muted">
                            {n}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.counts.unchanged > 0 ? (
        <div>
          <Button size="sm" variant="ghost" onClick={() => setShowUnchanged((s) => !s)}>
            {showUnchanged ? 'Hide unchanged entries' : `Show ${report.counts.unchanged} unchanged entries`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

export function ImportPanel({ csrfToken }: { csrfToken: string }) {
  const router = useRouter();
  const inputId = useId();
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  async function plan(file: File) {
    setFileName(file.name);
    setPhase({ kind: 'busy', what: 'Checking the file…' });
    const body = await file.text();
    setText(body);
    const r = await send('plan', body, csrfToken);
    setPhase('error' in r ? { kind: 'error', message: r.error } : { kind: 'planned', report: r.report });
  }

  async function apply() {
    if (text === null) return;
    setPhase({ kind: 'busy', what: 'Importing…' });
    const r = await send('apply', text, csrfToken);
    if ('error' in r) setPhase({ kind: 'error', message: r.error });
    else if (!r.applied) setPhase({ kind: 'planned', report: r.report });
    else {
      setPhase({ kind: 'applied', report: r.report });
      router.refresh();
    }
  }

  const report = phase.kind === 'planned' || phase.kind === 'applied' ? phase.report : null;
  const writes = report ? report.counts.added + report.counts.changed : 0;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <label htmlFor={inputId} className="text-sm font-medium">
          Bank file (.yaml, .yml or .json)
        </label>
        <input
          id={inputId}
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void plan(f);
          }}
          className="text-sm file:mr-3 file:rounded-lg file:border file:border-border file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-fg"
        />
      </div>
      <div aria-live="polite" className="flex flex-col gap-3">
        {phase.kind === 'busy' ? <p className="text-sm text-muted">{phase.what}</p> : null}
        {phase.kind === 'error' ? (
          <Alert tone="error" testId="import-error">
            {phase.message}
          </Alert>
        ) : null}
        {phase.kind === 'applied' ? (
          <Alert tone="success" testId="import-applied">
            Imported {fileName}: {phase.report.counts.added} added, {phase.report.counts.changed} changed,{' '}
            {phase.report.counts.unchanged} unchanged.
          </Alert>
        ) : null}
        {phase.kind === 'planned' && !phase.report.ok ? (
          <Alert tone="error" testId="import-refused" title="This file cannot be imported">
            {phase.report.fileErrors.length
              ? 'It is not a valid bank file.'
              : `${phase.report.counts.rejected} entr${phase.report.counts.rejected === 1 ? 'y is' : 'ies are'} rejected, so the whole file is refused and nothing was written. Fix the entries below and try again.`}
          </Alert>
        ) : null}
        {phase.kind === 'planned' && phase.report.ok ? (
          <Alert tone="info" testId="import-ready">
            Nothing has been written yet.{' '}
            {writes === 0
              ? 'The file matches the bank: there is nothing to import.'
              : `Importing writes ${writes} entr${writes === 1 ? 'y' : 'ies'} in one transaction.`}
          </Alert>
        ) : null}
      </div>
      {report ? <ReportView report={report} /> : null}
      {phase.kind === 'planned' && phase.report.ok && writes > 0 ? (
        <div className="flex gap-2">
          <Button onClick={() => void apply()} data-testid="import-confirm">
            Import {writes} entr{writes === 1 ? 'y' : 'ies'}
          </Button>
          <Button variant="ghost" onClick={() => setPhase({ kind: 'idle' })}>
            Cancel
          </Button>
        </div>
      ) : null}
    </div>
  );
}
