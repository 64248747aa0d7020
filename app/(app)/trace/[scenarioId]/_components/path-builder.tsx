'use client';
/**
 * The palette and the answer lane, with drag-and-drop (dnd-kit) for mouse, touch and keyboard, screen-reader
 * announcements for every drag, and buttons for every move (WCAG 2.2 SC 2.5.7): Add on each palette card;
 * Move up, Move down and Remove on each placed card.
 *
 * Keyboard drag: focus a card's grip, Space (or Enter) picks it up, the arrow keys step through the positions
 * of the path, Space drops it there, Escape cancels.
 * @see https://docs.dndkit.com/api-documentation/sensors/keyboard
 */
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  pointerWithin,
  useDndContext,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Card } from '@/lib/grader';
import type { LaneItem } from '@/lib/trace-ui/lane';
import type { CheckStatus } from '@/lib/trace-ui/views';
import { cn } from '@/components/ui/cn';
import { LayerIcon, layerTone } from './layer-style';

export const LANE_ID = 'lane';
const PALETTE_PREFIX = 'palette:';

export interface PathBuilderProps {
  palette: readonly Card[];
  lane: readonly LaneItem[];
  /** Insert a palette card at `index` of the lane. */
  onAdd: (cardId: string, index: number, via: 'drag' | 'button') => void;
  onMove: (from: number, to: number, via: 'drag' | 'button') => void;
  onRemove: (index: number) => void;
  /** Learning-mode check marks, per lane position (cleared when the lane changes). */
  marks?: readonly CheckStatus[] | null;
  /** Card hovered or focused (to highlight it on the diagram). */
  onFocusCard?: (cardId: string | null) => void;
  disabled?: boolean;
  /** Extra content under the lane (e.g. the outcome picker). */
  children?: ReactNode;
}

const ARROWS = ['ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowLeft'];

export function PathBuilder({
  palette,
  lane,
  onAdd,
  onMove,
  onRemove,
  marks,
  onFocusCard,
  disabled,
  children,
}: PathBuilderProps) {
  const byId = useMemo(() => new Map(palette.map((c) => [c.id, c])), [palette]);
  const labelOf = useCallback((cardId: string) => byId.get(cardId)?.label ?? cardId, [byId]);
  const [active, setActive] = useState<{
    id: UniqueIdentifier;
    cardId: string;
    from: 'palette' | 'lane';
  } | null>(null);
  const laneRef = useRef(lane);
  // dnd-kit calls the coordinate getter and announcements outside React's render: give them the current lane.
  useLayoutEffect(() => {
    laneRef.current = lane;
  }, [lane]);
  const instructionsId = useId();
  /** Whether the current keyboard drag has moved yet (the first arrow picks the first or the last position). */
  const movedRef = useRef(false);
  /** The pick-up message, spoken together with the first "over" (which dnd-kit fires at once). */
  const pickupRef = useRef('');

  // Keyboard: a palette card steps through the lane positions (each placed card, then the end); a placed
  // card uses dnd-kit's sortable stepping.
  const coordinateGetter: KeyboardCoordinateGetter = useCallback((event, args) => {
    const { active: a, droppableRects, over, collisionRect } = args.context;
    if (a && !String(a.id).startsWith(PALETTE_PREFIX)) return sortableKeyboardCoordinates(event, args);
    if (!ARROWS.includes(event.code)) return undefined;
    event.preventDefault();
    const targets: UniqueIdentifier[] = [...laneRef.current.map((i) => i.uid), LANE_ID];
    const forward = event.code === 'ArrowDown' || event.code === 'ArrowRight';
    const cur = over ? targets.indexOf(over.id) : -1;
    // First press: Down/Right goes to the first position, Up/Left to the end; then one position per press.
    const first = !movedRef.current || cur < 0;
    movedRef.current = true;
    const next = first
      ? forward
        ? 0
        : targets.length - 1
      : Math.max(0, Math.min(targets.length - 1, cur + (forward ? 1 : -1)));
    const target = targets[next];
    const rect = target !== undefined ? droppableRects.get(target) : undefined;
    if (!rect || !collisionRect) return undefined;
    // For the lane itself (the end position), aim at its bottom so it wins over the last card.
    const y =
      target === LANE_ID ? rect.top + rect.height - collisionRect.height / 2 - 4 : rect.top + rect.height / 2;
    return { x: rect.left + rect.width / 2 - collisionRect.width / 2, y: y - collisionRect.height / 2 };
  }, []);

  // Mouse and touch sensors rather than one pointer sensor: on a phone a quick swipe over the cards still
  // scrolls the page, and a press-and-hold (180 ms) picks a card up.
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );

  // Pointer: only what is under the pointer counts (dropping over the palette does nothing); keyboard: the
  // closest lane position.
  const collisionDetection: CollisionDetection = useCallback((args) => {
    if (!args.pointerCoordinates) return closestCenter(args);
    const hits = pointerWithin(args);
    const items = hits.filter((h) => h.id !== LANE_ID);
    return items.length > 0 ? items : hits;
  }, []);

  const positionOf = (id: UniqueIdentifier): number =>
    id === LANE_ID ? laneRef.current.length : laneRef.current.findIndex((i) => i.uid === id);
  const describe = (id: UniqueIdentifier): string => {
    const s = String(id);
    if (s.startsWith(PALETTE_PREFIX)) return `card ${labelOf(s.slice(PALETTE_PREFIX.length))}`;
    const idx = laneRef.current.findIndex((i) => i.uid === s);
    return idx >= 0 ? `hop ${idx + 1}, ${labelOf(laneRef.current[idx]!.cardId)}` : 'card';
  };
  const fromPalette = (id: UniqueIdentifier) => String(id).startsWith(PALETTE_PREFIX);

  const overText = (a: UniqueIdentifier, over: UniqueIdentifier | null): string => {
    if (over === null) return `${describe(a)} is not over your path.`;
    const n = laneRef.current.length;
    const pos = positionOf(over);
    if (fromPalette(a))
      return over === LANE_ID
        ? `Over the end of your path: it would become hop ${n + 1} of ${n + 1}.`
        : `Over hop ${pos + 1}: it would be inserted before ${labelOf(laneRef.current[pos]?.cardId ?? '')}, as hop ${pos + 1} of ${n + 1}.`;
    return `Over position ${Math.min(pos, n - 1) + 1} of ${n}.`;
  };
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => {
      movedRef.current = false;
      pickupRef.current = `Picked up ${describe(a.id)}${fromPalette(a.id) ? ' from the palette' : ' of your path'}. Arrow keys choose a position in your path, Space drops, Escape cancels.`;
      return pickupRef.current;
    },
    onDragOver: ({ active: a, over }) => {
      const text = overText(a.id, over?.id ?? null);
      const pickup = pickupRef.current;
      pickupRef.current = '';
      return pickup ? `${pickup} ${text}` : text;
    },
    onDragEnd: ({ active: a, over }) => {
      if (!over) return `${describe(a.id)} was dropped outside your path. Nothing changed.`;
      const n = laneRef.current.length;
      const pos = positionOf(over.id);
      if (fromPalette(a.id))
        return `Dropped ${describe(a.id)}: it is now hop ${Math.min(pos, n) + 1} of ${n + 1} of your path.`;
      return `Dropped ${describe(a.id)} at position ${Math.min(pos, n - 1) + 1} of ${n}.`;
    },
    onDragCancel: ({ active: a }) => `Cancelled. ${describe(a.id)} was not moved.`,
  };

  function onDragStart(e: DragStartEvent) {
    const id = String(e.active.id);
    if (id.startsWith(PALETTE_PREFIX))
      setActive({ id: e.active.id, cardId: id.slice(PALETTE_PREFIX.length), from: 'palette' });
    else setActive({ id: e.active.id, cardId: lane.find((i) => i.uid === id)?.cardId ?? '', from: 'lane' });
  }

  function onDragEnd(e: DragEndEvent) {
    setActive(null);
    const { active: a, over } = e;
    if (!over) return;
    const id = String(a.id);
    if (id.startsWith(PALETTE_PREFIX)) {
      onAdd(id.slice(PALETTE_PREFIX.length), positionOf(over.id), 'drag');
      return;
    }
    const from = lane.findIndex((i) => i.uid === id);
    const to = over.id === LANE_ID ? lane.length - 1 : lane.findIndex((i) => i.uid === over.id);
    if (from >= 0 && to >= 0 && from !== to) onMove(from, to, 'drag');
  }

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of lane) m.set(i.cardId, (m.get(i.cardId) ?? 0) + 1);
    return m;
  }, [lane]);

  return (
    <DndContext
      id="trace-path-builder"
      sensors={sensors}
      collisionDetection={collisionDetection}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To pick up a card, press Space or Enter. Use the arrow keys to move it through the positions of your path, then press Space or Enter to drop it, or Escape to cancel. Every card also has buttons to add, move or remove it without dragging.',
        },
      }}
    >
      <p id={instructionsId} className="sr-only">
        Drag cards from the palette into your path, or use the Add button on a card.
      </p>
      <div className="grid gap-4 lg:grid-cols-2 lg:items-start">
        <section
          aria-labelledby="palette-heading"
          className="order-2 rounded-xl border border-border bg-surface p-4 lg:order-1 lg:sticky lg:top-20"
          data-testid="palette"
        >
          <div className="flex items-baseline justify-between gap-2">
            <h2 id="palette-heading" className="text-base font-semibold">
              Hop cards
            </h2>
            <span className="text-xs text-muted">
              {palette.length} cards · some are traps · a card can be used twice
            </span>
          </div>
          <p className="mt-1 text-xs text-muted">
            Drag a card into your path, or press its + button to add it at the end.
          </p>
          <ul className="mt-3 flex flex-wrap gap-2" aria-describedby={instructionsId}>
            {palette.map((c) => (
              <PaletteCard
                key={c.id}
                card={c}
                count={counts.get(c.id) ?? 0}
                disabled={disabled}
                onAdd={() => onAdd(c.id, lane.length, 'button')}
                onFocusCard={onFocusCard}
              />
            ))}
          </ul>
        </section>

        <Lane
          lane={lane}
          labelOf={labelOf}
          byId={byId}
          marks={marks}
          onMove={onMove}
          onRemove={onRemove}
          onFocusCard={onFocusCard}
          disabled={disabled}
          activeFromPalette={active?.from === 'palette'}
        >
          {children}
        </Lane>
      </div>

      <DragOverlay dropAnimation={null}>
        {active?.from === 'palette' ? (
          <div className="pointer-events-none">
            <CardFace card={byId.get(active.cardId)} label={labelOf(active.cardId)} lifted />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

function CardFace({ card, label, lifted }: { card: Card | undefined; label: string; lifted?: boolean }) {
  const layer = card?.layer ?? 'Client';
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-lg border px-2 py-1.5 text-sm font-medium',
        layerTone(layer),
        lifted && 'rotate-1 shadow-xl ring-2 ring-accent',
      )}
    >
      <LayerIcon layer={layer} />
      <span className="break-all">{label}</span>
    </span>
  );
}

function PaletteCard({
  card,
  count,
  disabled,
  onAdd,
  onFocusCard,
}: {
  card: Card;
  count: number;
  disabled?: boolean;
  onAdd: () => void;
  onFocusCard?: ((id: string | null) => void) | undefined;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `${PALETTE_PREFIX}${card.id}`,
    disabled: disabled ?? false,
  });
  return (
    <li
      className={cn(
        'flex items-stretch overflow-hidden rounded-lg border shadow-sm',
        layerTone(card.layer),
        isDragging && 'opacity-40',
      )}
      onMouseEnter={() => onFocusCard?.(card.id)}
      onMouseLeave={() => onFocusCard?.(null)}
      data-testid="palette-card"
      data-card-label={card.label}
    >
      <button
        ref={setNodeRef}
        type="button"
        {...attributes}
        {...listeners}
        aria-roledescription="draggable card"
        className="flex cursor-grab touch-manipulation items-center gap-1.5 py-1.5 pl-2 pr-1.5 text-left text-sm font-medium active:cursor-grabbing"
        onFocus={() => onFocusCard?.(card.id)}
        onBlur={() => onFocusCard?.(null)}
        data-testid="palette-grip"
      >
        <LayerIcon layer={card.layer} />
        <span className="break-all">{card.label}</span>
        {count > 0 ? (
          <>
            <span
              className="ml-1 rounded-full bg-surface/70 px-1.5 text-[11px] font-semibold"
              aria-hidden="true"
            >
              ×{count}
            </span>
            <span className="sr-only">
              , used {count} time{count === 1 ? '' : 's'} in your path
            </span>
          </>
        ) : null}
      </button>
      <button
        type="button"
        onClick={onAdd}
        disabled={disabled}
        aria-label={`Add ${card.label} to the end of your path`}
        title="Add to the end of your path"
        className="border-l border-current/20 px-2 text-base font-bold leading-none hover:bg-surface/50"
        data-testid="palette-add"
      >
        +
      </button>
    </li>
  );
}

function Lane({
  lane,
  labelOf,
  byId,
  marks,
  onMove,
  onRemove,
  onFocusCard,
  disabled,
  activeFromPalette,
  children,
}: {
  lane: readonly LaneItem[];
  labelOf: (id: string) => string;
  byId: Map<string, Card>;
  marks?: readonly CheckStatus[] | null | undefined;
  onMove: PathBuilderProps['onMove'];
  onRemove: PathBuilderProps['onRemove'];
  onFocusCard?: ((id: string | null) => void) | undefined;
  disabled?: boolean | undefined;
  activeFromPalette: boolean;
  children?: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: LANE_ID });
  const { over } = useDndContext();
  const overEnd = activeFromPalette && over?.id === LANE_ID;
  return (
    <section
      aria-labelledby="lane-heading"
      className="order-1 rounded-xl border border-border bg-surface p-4 lg:order-2"
      data-testid="answer-lane"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="lane-heading" className="text-base font-semibold">
          Your path
        </h2>
        <span className="text-xs text-muted" aria-live="polite">
          {lane.length === 0 ? 'empty' : `${lane.length} hop${lane.length === 1 ? '' : 's'}`}
        </span>
      </div>
      <div
        ref={setNodeRef}
        className={cn(
          'mt-3 rounded-lg border-2 border-dashed p-2 transition-colors',
          isOver || overEnd ? 'border-accent bg-accent/5' : 'border-border',
        )}
      >
        {lane.length === 0 ? (
          <p className="px-2 py-6 text-center text-sm text-muted" data-testid="lane-empty">
            Start with where the request begins. Drag the first card here, or use a card’s + button.
          </p>
        ) : (
          <SortableContext items={lane.map((i) => i.uid)} strategy={verticalListSortingStrategy}>
            <ol className="space-y-1.5" aria-label="Hops of your path, in order">
              {lane.map((item, index) => (
                <LaneRow
                  key={item.uid}
                  item={item}
                  index={index}
                  total={lane.length}
                  card={byId.get(item.cardId)}
                  label={labelOf(item.cardId)}
                  mark={marks?.[index]}
                  onMove={onMove}
                  onRemove={onRemove}
                  onFocusCard={onFocusCard}
                  disabled={disabled}
                  showInsert={activeFromPalette && over?.id === item.uid}
                />
              ))}
            </ol>
          </SortableContext>
        )}
        {lane.length > 0 ? (
          <div
            data-testid="lane-end"
            className={cn(
              'mt-1.5 rounded-md px-2 py-2 text-center text-xs text-muted',
              overEnd && 'bg-accent/10 text-fg',
            )}
            aria-hidden="true"
          >
            {overEnd ? 'Drop to add at the end' : 'Drop here to add at the end'}
          </div>
        ) : null}
      </div>
      {children}
    </section>
  );
}

const MARK_TEXT: Record<CheckStatus, { icon: string; text: string; cls: string }> = {
  ok: { icon: '✓', text: 'on the path', cls: 'text-success' },
  misplaced: { icon: '↕', text: 'on the path, out of order', cls: 'text-warning' },
  wrong: { icon: '✗', text: 'not on the path here', cls: 'text-danger' },
};

function LaneRow({
  item,
  index,
  total,
  card,
  label,
  mark,
  onMove,
  onRemove,
  onFocusCard,
  disabled,
  showInsert,
}: {
  item: LaneItem;
  index: number;
  total: number;
  card: Card | undefined;
  label: string;
  mark?: CheckStatus | undefined;
  onMove: PathBuilderProps['onMove'];
  onRemove: PathBuilderProps['onRemove'];
  onFocusCard?: ((id: string | null) => void) | undefined;
  disabled?: boolean | undefined;
  showInsert: boolean;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: item.uid, disabled: disabled ?? false });
  const layer = card?.layer ?? 'Client';
  const m = mark ? MARK_TEXT[mark] : undefined;
  const btn =
    'flex h-8 w-8 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg disabled:opacity-30 disabled:hover:bg-transparent';
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn('relative', isDragging && 'z-10')}
      data-testid="lane-item"
      data-card-label={label}
      onMouseEnter={() => onFocusCard?.(item.cardId)}
      onMouseLeave={() => onFocusCard?.(null)}
    >
      {showInsert ? (
        <div className="absolute -top-1.5 left-0 right-0 h-1 rounded bg-accent" aria-hidden="true" />
      ) : null}
      <div
        className={cn(
          'flex items-center gap-1 rounded-lg border bg-surface py-1 pl-1 pr-1 shadow-sm',
          isDragging ? 'shadow-lg ring-2 ring-accent' : 'border-border',
        )}
      >
        <span
          className="w-6 shrink-0 text-center text-xs font-semibold tabular-nums text-muted"
          aria-hidden="true"
        >
          {index + 1}
        </span>
        <button
          ref={setActivatorNodeRef}
          type="button"
          {...attributes}
          {...listeners}
          aria-roledescription="draggable hop"
          aria-label={`Hop ${index + 1} of ${total}: ${label}${m ? `, ${m.text}` : ''}`}
          className={cn(
            'flex min-w-0 flex-1 cursor-grab touch-manipulation items-center gap-1.5 rounded-md border px-2 py-1 text-left text-sm font-medium active:cursor-grabbing',
            layerTone(layer),
          )}
          onFocus={() => onFocusCard?.(item.cardId)}
          onBlur={() => onFocusCard?.(null)}
          data-testid="lane-grip"
        >
          <LayerIcon layer={layer} />
          <span className="min-w-0 break-all">{label}</span>
        </button>
        {m ? (
          <span
            className={cn('w-5 shrink-0 text-center text-base font-bold', m.cls)}
            title={m.text}
            aria-hidden="true"
            data-testid="lane-mark"
            data-mark={mark}
          >
            {m.icon}
          </span>
        ) : null}
        <button
          type="button"
          className={btn}
          onClick={() => onMove(index, index - 1, 'button')}
          disabled={disabled || index === 0}
          aria-label={`Move ${label} up (hop ${index + 1})`}
          data-testid="move-up"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
            <path d="M10 5l5 6H5z" />
          </svg>
        </button>
        <button
          type="button"
          className={btn}
          onClick={() => onMove(index, index + 1, 'button')}
          disabled={disabled || index === total - 1}
          aria-label={`Move ${label} down (hop ${index + 1})`}
          data-testid="move-down"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
            <path d="M10 15l5-6H5z" />
          </svg>
        </button>
        <button
          type="button"
          className={btn}
          onClick={() => onRemove(index)}
          disabled={disabled}
          aria-label={`Remove ${label} (hop ${index + 1})`}
          data-testid="remove"
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className="h-4 w-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          >
            <path d="M6 6l8 8M14 6l-8 8" />
          </svg>
        </button>
      </div>
    </li>
  );
}
