'use client';
/**
 * Inputs for each question type. Controlled: the runner owns the response and saves it.
 * Ordering is a drag-and-drop list (mouse, touch, keyboard) with move-up/move-down buttons as the non-drag
 * alternative; every move is announced to screen readers.
 */
import { useId, useRef, useState } from 'react';
import {
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type Modifier,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { PublicQuestion } from '@/lib/quiz/present';
import type { QuizResponse } from '@/lib/quiz/scoring';
import { Button } from '@/components/ui/button';
import { Markdown } from '@/components/markdown';
import { cn } from '@/components/ui/cn';
import { moveItem, orderingLabel, positionText } from '@/lib/quiz/ordering';

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
      const options =
        q.type === 'truefalse'
          ? [
              { id: 'true', text: 'True' },
              { id: 'false', text: 'False' },
            ]
          : (q.options ?? []);
      const value =
        response?.type === 'single' || response?.type === 'outcome'
          ? response.choice
          : response?.type === 'truefalse'
            ? String(response.value)
            : undefined;
      return (
        <fieldset disabled={disabled} className="flex flex-col gap-2">
          <legend className="sr-only">Choose one answer</legend>
          {options.map((o) => (
            <label
              key={o.id}
              className="flex cursor-pointer items-start gap-3 rounded-lg border border-border bg-surface p-3 hover:bg-surface-2 has-[:checked]:border-accent has-[:checked]:bg-surface-2"
            >
              <input
                type="radio"
                name={name}
                value={o.id}
                checked={value === o.id}
                onChange={() =>
                  onChange(
                    q.type === 'truefalse'
                      ? { type: 'truefalse', value: o.id === 'true' }
                      : q.type === 'outcome'
                        ? { type: 'outcome', choice: o.id }
                        : { type: 'single', choice: o.id },
                  )
                }
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
            <label
              key={o.id}
              className="flex cursor-pointer items-start gap-3 rounded-lg border border-border bg-surface p-3 hover:bg-surface-2 has-[:checked]:border-accent has-[:checked]:bg-surface-2"
            >
              <input
                type="checkbox"
                name={name}
                value={o.id}
                checked={chosen.includes(o.id)}
                onChange={(e) =>
                  onChange({
                    type: 'multiple',
                    choices: e.target.checked ? [...chosen, o.id] : chosen.filter((c) => c !== o.id),
                  })
                }
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
            onChange={(e) =>
              onChange({ type: 'interview', text: e.target.value, ticked: [] }, { debounce: true })
            }
            onBlur={onBlur}
            className="rounded-lg border border-border bg-surface p-3 font-normal leading-relaxed"
            data-testid="interview-answer"
          />
        </label>
      );
  }
}

/** Keep a dragged item on the list's axis (no sideways overflow on a phone). */
const verticalOnly: Modifier = ({ transform }) => ({ ...transform, x: 0 });

/**
 * "Put these in order": a sortable list (dnd-kit, the same sensors as the trace path builder, ADR 004) with a
 * drag handle per item, plus move-up/move-down buttons as the non-drag alternative (WCAG 2.2 SC 2.5.7). Every
 * completed reorder, dragged or by button, is one `onChange` with the new order. The first order shown is the
 * one the server sent (the attempt's shuffle); nothing here knows the answer.
 *
 * Keyboard: focus a handle, Space (or Enter) picks the item up, ↑/↓ move it, Space drops, Escape cancels.
 */
function OrderingInput({ question: q, response, disabled, onChange }: Omit<Props, 'onBlur'>) {
  const items = q.items ?? [];
  const order =
    response?.type === 'ordering' && response.order.length === items.length
      ? response.order
      : items.map((i) => i.id);
  const label = new Map(items.map((i) => [i.id, orderingLabel(i.text)]));
  const text = new Map(items.map((i) => [i.id, i.text]));
  const nameOf = (id: UniqueIdentifier) => label.get(String(id)) ?? String(id);
  const [announcement, setAnnouncement] = useState('');
  const dndId = useId();
  /** The order when the current drag started: announcements and the drop are computed against it. */
  const dragOrder = useRef<readonly string[]>(order);
  /** The pick-up message, spoken together with the first "over" (dnd-kit fires both at once). */
  const pickup = useRef('');

  // Mouse and touch rather than one pointer sensor (as in the trace player): on a phone a quick swipe still
  // scrolls the page and a press-and-hold (180 ms) picks an item up.
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const commit = (next: string[] | null) => {
    if (next) onChange({ type: 'ordering', order: next });
  };
  const moveByButton = (from: number, to: number) => {
    const next = moveItem(order, from, to);
    const id = order[from];
    if (!next || id === undefined) return;
    setAnnouncement(`${nameOf(id)} moved to ${positionText(next.indexOf(id), next.length)}.`);
    commit(next);
  };

  const at = (id: UniqueIdentifier) => dragOrder.current.indexOf(String(id));
  const n = order.length;
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      pickup.current = `Picked up ${nameOf(active.id)}, at ${positionText(at(active.id), n)}.`;
      return pickup.current;
    },
    onDragOver: ({ active, over }) => {
      const said = over
        ? `${nameOf(active.id)} is over ${positionText(at(over.id), n)}.`
        : `${nameOf(active.id)} is not over the list.`;
      const first = pickup.current;
      pickup.current = '';
      return first ? `${first} ${said}` : said;
    },
    onDragEnd: ({ active, over }) => {
      const to = over ? at(over.id) : -1;
      return to >= 0
        ? `${nameOf(active.id)} dropped at ${positionText(to, n)}.`
        : `${nameOf(active.id)} dropped outside the list; it stays at ${positionText(at(active.id), n)}.`;
    },
    onDragCancel: ({ active }) =>
      `Cancelled. ${nameOf(active.id)} stays at ${positionText(at(active.id), n)}.`,
  };

  const onDragStart = () => {
    dragOrder.current = order;
    pickup.current = '';
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    commit(moveItem(dragOrder.current, at(active.id), at(over.id)));
  };

  return (
    <div>
      <p className="mb-2 text-sm text-muted">
        Put the items in order, first at the top. Drag an item by its handle, or use its arrow buttons.
      </p>
      <DndContext
        id={dndId}
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[verticalOnly]}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To pick up an item, press Space or Enter. Use the up and down arrow keys to move it, then press Space or Enter to drop it, or Escape to cancel. The Move up and Move down buttons do the same without dragging.',
          },
        }}
      >
        <SortableContext items={[...order]} strategy={verticalListSortingStrategy} disabled={disabled}>
          <ol className="flex flex-col gap-2" data-testid="ordering-list">
            {order.map((id, i) => (
              <OrderingRow
                key={id}
                id={id}
                index={i}
                total={order.length}
                text={text.get(id) ?? id}
                label={nameOf(id)}
                disabled={disabled}
                onMove={moveByButton}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {response?.type !== 'ordering' && !disabled ? (
        <Button
          size="sm"
          variant="secondary"
          className="mt-2"
          onClick={() => onChange({ type: 'ordering', order })}
        >
          Keep this order
        </Button>
      ) : null}
    </div>
  );
}

function OrderingRow({
  id,
  index,
  total,
  text,
  label,
  disabled,
  onMove,
}: {
  id: string;
  index: number;
  total: number;
  text: string;
  label: string;
  disabled: boolean;
  onMove: (from: number, to: number) => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id, disabled });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn(
        'relative flex items-center gap-1.5 rounded-lg border bg-surface p-1.5',
        // Above the other items while dragged, below the runner's sticky header (z-10).
        isDragging ? 'z-5 border-accent bg-surface-2 shadow-lg ring-2 ring-accent' : 'border-border',
      )}
      data-testid="ordering-item"
      data-item-id={id}
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        {...attributes}
        {...listeners}
        disabled={disabled}
        aria-label={`Drag to reorder ${label}`}
        className={cn(
          'flex h-10 w-8 shrink-0 touch-manipulation select-none items-center justify-center rounded-md text-muted',
          disabled
            ? 'cursor-not-allowed opacity-40'
            : 'cursor-grab hover:bg-accent/10 hover:text-fg active:cursor-grabbing',
        )}
        data-testid="ordering-handle"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <circle cx="7" cy="4" r="1.5" />
          <circle cx="13" cy="4" r="1.5" />
          <circle cx="7" cy="10" r="1.5" />
          <circle cx="13" cy="10" r="1.5" />
          <circle cx="7" cy="16" r="1.5" />
          <circle cx="13" cy="16" r="1.5" />
        </svg>
      </button>
      <span
        className="w-5 shrink-0 text-sm font-semibold tabular-nums text-muted"
        aria-hidden
        data-testid="ordering-position"
      >
        {index + 1}.
      </span>
      <Markdown inline className="min-w-0 flex-1 break-words text-sm sm:text-base">
        {text}
      </Markdown>
      <Button
        size="sm"
        variant="ghost"
        className="w-8 shrink-0 px-0"
        disabled={disabled || index === 0}
        onClick={() => onMove(index, index - 1)}
        aria-label={`Move "${label}" up`}
      >
        ↑
      </Button>
      <Button
        size="sm"
        variant="ghost"
        className="w-8 shrink-0 px-0"
        disabled={disabled || index === total - 1}
        onClick={() => onMove(index, index + 1)}
        aria-label={`Move "${label}" down`}
      >
        ↓
      </Button>
    </li>
  );
}
