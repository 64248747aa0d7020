'use client';
/**
 * "What happens to the request?": the outcome is part of the answer when the scenario asks for it. The same
 * options for every scenario (lib/trace-player/outcomes.ts), so the list gives nothing away; HTTP answers from a
 * proxy are one choice with a status code.
 */
import { useId } from 'react';
import { OUTCOME_OPTIONS } from '@/lib/trace-player/outcomes';
import { cn } from '@/components/ui/cn';

const BASIC = OUTCOME_OPTIONS.filter((o) => !o.value.startsWith('HTTP_'));
const HTTP = OUTCOME_OPTIONS.filter((o) => o.value.startsWith('HTTP_'));

export function OutcomePicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (v: string) => void;
}) {
  const name = useId();
  const isHttp = value?.startsWith('HTTP_') ?? false;
  const radio = (checked: boolean) =>
    cn(
      'flex cursor-pointer items-start gap-2 rounded-lg border px-2 py-1.5 text-sm',
      checked ? 'border-accent bg-accent/5' : 'border-border hover:bg-surface-2',
    );
  return (
    <fieldset className="mt-4 min-w-0 first:mt-0" data-testid="outcome-picker">
      <legend id="outcome-legend" className="text-base font-semibold">
        What happens to the request?
      </legend>
      <p className="mt-0.5 text-xs text-muted">The outcome counts for 20% of the score.</p>
      <div className="mt-2 grid grid-cols-1 gap-1.5 sm:grid-cols-2">
        {BASIC.map((o) => (
          <label key={o.value} className={radio(value === o.value)}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="mt-0.5 accent-[var(--accent)]"
            />
            <span className="min-w-0 [overflow-wrap:anywhere]">
              <span className="font-medium">{o.label}</span>
              <span className="block text-xs text-muted">{o.description}</span>
            </span>
          </label>
        ))}
        <label className={cn(radio(isHttp), 'sm:col-span-2')}>
          <input
            type="radio"
            name={name}
            value="HTTP"
            checked={isHttp}
            onChange={() => onChange(isHttp && value ? value : 'HTTP_404')}
            className="mt-0.5 accent-[var(--accent)]"
          />
          <span className="min-w-0 flex-1">
            <span className="font-medium">A proxy answers with an HTTP status</span>
            <span className="block text-xs text-muted">
              An Ingress controller, gateway or API gateway replies instead of the app.
            </span>
            <span className="mt-1.5 flex items-center gap-2">
              <span className="text-xs text-muted" id={`${name}-code`}>
                Status
              </span>
              <select
                aria-labelledby={`${name}-code`}
                value={isHttp ? value : ''}
                onChange={(e) => onChange(e.target.value)}
                className="h-8 min-w-0 max-w-full flex-1 rounded-md border border-border bg-surface px-2 text-sm sm:flex-none"
                data-testid="outcome-http-code"
              >
                <option value="" disabled>
                  choose…
                </option>
                {HTTP.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label.replace('HTTP ', '')} —{' '}
                    {o.description.replace(/^.*answers \d+ /, '').replace(' instead of the app.', '')}
                  </option>
                ))}
              </select>
            </span>
          </span>
        </label>
      </div>
    </fieldset>
  );
}
