'use client';
/**
 * Inputs for each question type. Controlled: the runner owns the response and saves it.
 * Ordering uses move-up/move-down buttons (no drag needed) and announces each move.
 */
import { useState } from 'react';
import type { PublicQuestion } from '@/lib/quiz/present';
import type { QuizResponse } from '@/lib/quiz/scoring';
import { Button } from '@/components/ui/button';
import { Markdown } from '@/components/markdown';

type Props = {
  question: PublicQuestion;
  response: QuizResponse | null;
  disabled: boolean;
  onChange: (r: QuizResponse, opts?: { debounce?: boolean }) => void;
  onBlur?: () => void;
};

export function QuestionInput({ question: q, response, disabled, onChange, onBlur }: Props) {
  const name = `q-${q.id}`;
  switch (q.type) {
    case 'single':
    case 'outcome':
    case 'truefalse': {
      const options = q.type === 'truefalse' ? [{ id: 'true', text: 'True' }, { id: 'false', text: 'False' }] : (q.options ?? []);
      const value = response?.type === 'single' || response?.type === 'outcome' ? response.choice : response?.type === 'truefalse' ? String(response.value) : undefined;
      return (
        <fieldset disabled={disabled} className="flex flex-col gap-2">
          <legend className="sr-only">Choose one answer</legend>
          {options.map((o) => (
            <label key={o.id} className="flex cursor-pointer items-start gap-3 rounded-lg border border-border bg-surface p-3 hover:bg-surface-2 has-[:checked]:border-accent has-[:checked]:bg-surface-2">
              <input
                type="radio"
                name={name}
                value={o.id}
                checked={value === o.id}
                onChange={() => onChange(q.type === 'truefalse' ? { type: 'truefalse', value: o.id === 'true' } : q.type === 'outcome' ? { type: 'outcome', choice: o.id } : { type: 'single', choice: o.id })}
                className="mt-1 size-4 accent-[var(--accent)]"
              />
              <Markdown inline>{o.text}</Markdown>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'multiple': {
      const chosen = response?.type === 'multiple' ? response.choices : [];
      return (
        <fieldset disabled={disabled} className="flex flex-col gap-2">
          <legend className="mb-1 text-sm text-muted">Select {q.selectCount ?? 'all that apply'}.</legend>
          {(q.options ?? []).map((o) => (
            <label key={o.id} className="flex cursor-pointer items-start gap-3 rounded-lg border border-border bg-surface p-3 hover:bg-surface-2 has-[:checked]:border-accent has-[:checked]:bg-surface-2">
              <input
                type="checkbox"
                name={name}
                value={o.id}
                checked={chosen.includes(o.id)}
                onChange={(e) => onChange({ type: 'multiple', choices: e.target.checked ? [...chosen, o.id] : chosen.filter((c) => c !== o.id) })}
                className="mt-1 size-4 accent-[var(--accent)]"
              />
              <Markdown inline>{o.text}</Markdown>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'ordering':
      return <OrderingInput question={q} response={response} disabled={disabled} onChange={onChange} />;
    case 'short':
      return (
        <label className="flex flex-col gap-1 text-sm font-medium">
          Your answer
          <input
            type="text"
            maxLength={200}
            disabled={disabled}
            value={response?.type === 'short' ? response.text : ''}
            onChange={(e) => onChange({ type: 'short', text: e.target.value }, { debounce: true })}
            onBlur={onBlur}
            className="h-11 rounded-lg border border-border bg-surface px-3 font-normal"
            autoComplete="off"
            data-testid="short-answer"
          />
        </label>
      );
    case 'interview':
      return (
        <label className="flex flex-col gap-1 text-sm font-medium">
          Your answer, as you would say it in the interview
          <textarea
            rows={9}
            maxLength={5000}
            disabled={disabled}
            value={response?.type === 'interview' ? response.text : ''}
            onChange={(e) => onChange({ type: 'interview', text: e.target.value, ticked: [] }, { debounce: true })}
            onBlur={onBlur}
            className="rounded-lg border border-border bg-surface p-3 font-normal leading-relaxed"
            data-testid="interview-answer"
          />
        </label>
      );
  }
}

function OrderingInput({ question: q, response, disabled, onChange }: Omit<Props, 'onBlur'>) {
  const items = q.items ?? [];
  const order = response?.type === 'ordering' && response.order.length === items.length ? response.order : items.map((i) => i.id);
  const text = new Map(items.map((i) => [i.id, i.text]));
  const [announcement, setAnnouncement] = useState('');
  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    const [id] = next.splice(from, 1);
    if (id === undefined) return;
    next.splice(to, 0, id);
    setAnnouncement(`${text.get(id)} moved to position ${to + 1} of ${order.length}.`);
    onChange({ type: 'ordering', order: next });
  };
  return (
    <div>
      <p className="mb-2 text-sm text-muted">Put the items in order, first at the top. Use the arrow buttons to move an item.</p>
      <ol className="flex flex-col gap-2" data-testid="ordering-list">
        {order.map((id, i) => (
          <li key={id} className="flex items-center gap-2 rounded-lg border border-border bg-surface p-2 pl-3">
            <span className="w-6 text-sm font-semibold text-muted" aria-hidden>{i + 1}.</span>
            <Markdown inline className="flex-1">{text.get(id) ?? id}</Markdown>
            <Button size="sm" variant="ghost" disabled={disabled || i === 0} onClick={() => move(i, i - 1)} aria-label={`Move "${text.get(id)}" up`}>↑</Button>
            <Button size="sm" variant="ghost" disabled={disabled || i === order.length - 1} onClick={() => move(i, i + 1)} aria-label={`Move "${text.get(id)}" down`}>↓</Button>
          </li>
        ))}
      </ol>
      <p aria-live="polite" className="sr-only">{announcement}</p>
      {response?.type !== 'ordering' && !disabled ? (
        <Button size="sm" variant="secondary" className="mt-2" onClick={() => onChange({ type: 'ordering', order })}>
          Keep this order
        </Button>
      ) : null}
    </div>
  );
}
