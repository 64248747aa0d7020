'use client';
/**
 * The palette and the answer lane, with drag-and-drop (dnd-kit) for mouse, touch and keyboard, screen-reader
 * announcements for every drag, and buttons for every move (WCAG 2.2 SC 2.5.7): Add on each palette card;
 * Move up, Move down and Remove on each placed card.
 *
 * Keyboard, without dragging: type a card's name in "Find a card" and press Enter to add it at the end; or
 * in the palette (one Tab stop: arrow keys move between cards, typing jumps to a card) press Enter to add
 * the focused card at the end. In the path (one Tab stop: ↑/↓ move between hops) Alt+↑/Alt+↓ move a hop
 * and Delete removes it. Every change is announced with the hop's position.
 * Keyboard drag: Space picks a palette card up over the end of the path (so Space, Space appends), ↑/↓ step
 * through the positions, Home/End jump, Space drops, Escape cancels. A placed hop: Space or Enter picks it
 * up, the arrows move it.
 * @see https://docs.dndkit.com/api-documentation/sensors/keyboard
 * @see https://www.w3.org/WAI/ARIA/apg/practices/keyboard-interface/#kbd_roving_tabindex
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
import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { Card } from '@/lib/grader';
import { matchCards, stepDropIndex, type LaneItem } from '@/lib/trace-player/lane';
import type { CheckStatus } from '@/lib/trace-player/views';
import { cn } from '@/components/ui/cn';
import { LayerIcon, layerTone } from './layer-style';

export const LANE_ID = 'lane';
const PALETTE_PREFIX = 'palette:';

export interface PathBuilderProps {
  palette: readonly Card[];
  lane: readonly LaneItem[];
  /** Insert a palette card at `index` of the lane. */
  onAdd: (cardId: string, index: number, via: 'drag' | 'button' | 'key') => void;
  onMove: (from: number, to: number, via: 'drag' | 'button' | 'key') => void;
  onRemove: (index: number) => void;
  /** Learning-mode check marks, per lane position (cleared when the lane changes). */
  marks?: readonly CheckStatus[] | null;
  /** Card hovered or focused (to highlight it on the diagram). */
  onFocusCard?: (cardId: string | null) => void;
  disabled?: boolean;
  /** Content after the palette and the lane (the outcome picker, checks, Submit). */
  children?: ReactNode;
}

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
  /**
   * Keyboard drag of a palette card: the lane position it is over (an item's uid = insert before it, LANE_ID =
   * the end). Null at pick-up, which means the end: Space, Space appends.
   */
  const kbTargetRef = useRef<UniqueIdentifier | null>(null);
  /** The pick-up message, spoken together with the first "over" (which dnd-kit fires at once). */
  const pickupRef = useRef('');

  // Keyboard: a palette card steps through the lane positions (before each placed card, then the end); a
  // placed card uses dnd-kit's sortable stepping.
  const coordinateGetter: KeyboardCoordinateGetter = useCallback((event, args) => {
    const { active: a, droppableRects, collisionRect } = args.context;
    if (a && !String(a.id).startsWith(PALETTE_PREFIX)) return sortableKeyboardCoordinates(event, args);
    const targets: UniqueIdentifier[] = [...laneRef.current.map((i) => i.uid), LANE_ID];
    const end = targets.length - 1;
    const cur = kbTargetRef.current === null ? end : targets.indexOf(kbTargetRef.current);
    const next = stepDropIndex(end, cur < 0 ? end : cur, event.code);
    if (next === undefined) return undefined;
    event.preventDefault();
    const target = targets[next]!;
    kbTargetRef.current = target;
    const rect = droppableRects.get(target);
    if (!rect || !collisionRect) return undefined;
    // The collision detection below follows kbTargetRef; the coordinates only move the card there.
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

  // Pointer: only what is under the pointer counts (dropping over the palette does nothing). Keyboard: a
  // palette card is over the position the arrow keys chose (the end at first), exactly, rather than the
  // closest centre (the lane's centre is never the closest to its end once it holds two hops); a placed
  // card, the closest position.
  const collisionDetection: CollisionDetection = useCallback((args) => {
    if (!args.pointerCoordinates) {
      if (String(args.active.id).startsWith(PALETTE_PREFIX)) {
        const want = kbTargetRef.current ?? LANE_ID;
        const hit = args.droppableContainers.find((c) => c.id === want);
        if (hit) return [{ id: hit.id, data: { droppableContainer: hit, value: 0 } }];
      }
      return closestCenter(args);
    }
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
    kbTargetRef.current = null;
    const id = String(e.active.id);
    if (id.startsWith(PALETTE_PREFIX))
      setActive({ id: e.active.id, cardId: id.slice(PALETTE_PREFIX.length), from: 'palette' });
    else setActive({ id: e.active.id, cardId: lane.find((i) => i.uid === id)?.cardId ?? '', from: 'lane' });
  }

  function onDragEnd(e: DragEndEvent) {
    setActive(null);
    kbTargetRef.current = null;
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

  // Roving focus: the palette and the path are one Tab stop each; the arrow keys move inside them.
  const [paletteFocus, setPaletteFocus] = useState(0);
  const [laneFocus, setLaneFocus] = useState(0);
  const paletteListRef = useRef<HTMLUListElement>(null);
  const typeahead = useRef({ text: '', at: 0 });
  const dragging = active !== null;
  const focusPalette = (i: number) => {
    const n = Math.max(0, Math.min(palette.length - 1, i));
    setPaletteFocus(n);
    paletteListRef.current?.querySelectorAll<HTMLElement>('[data-testid="palette-grip"]')[n]?.focus();
  };
  const onPaletteKey = (e: KeyboardEvent<HTMLButtonElement>, index: number, card: Card): boolean => {
    if (dragging || e.altKey || e.ctrlKey || e.metaKey) return false;
    const cols = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : 0;
    if (e.key === 'Enter') onAdd(card.id, lane.length, 'key');
    else if (cols || e.key === 'ArrowUp' || e.key === 'ArrowLeft') focusPalette(index + (cols ? 1 : -1));
    else if (e.key === 'Home') focusPalette(0);
    else if (e.key === 'End') focusPalette(palette.length - 1);
    else if (e.key.length === 1 && e.key !== ' ') {
      // Type-ahead: the typed letters (within 0.8 s) find the next matching card.
      const now = e.timeStamp;
      const t = typeahead.current;
      t.text = (now - t.at < 800 ? t.text : '') + e.key.toLowerCase();
      t.at = now;
      const found = matchCards(
        palette.map((c, i) => ({ label: c.label, i })),
        t.text,
      ).map((m) => m.i);
      const next = t.text.length === 1 ? (found.find((i) => i > index) ?? found[0]) : found[0];
      if (next !== undefined) focusPalette(next);
    } else return false;
    e.preventDefault();
    return true;
  };

  return (
    <DndContext
      id="trace-path-builder"
      sensors={sensors}
      collisionDetection={collisionDetection}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setActive(null);
        kbTargetRef.current = null;
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'A card of the palette: Enter adds it at the end of your path; Space picks it up over the end of your path, the arrow keys move it through the positions, Space drops it, Escape cancels. A hop of your path: Alt with the up or down arrow moves it, Delete removes it, Space picks it up to drag it with the arrow keys.',
        },
      }}
    >
      <p id={instructionsId} className="sr-only">
        Drag cards from the palette into your path, or press Enter on a card (or its + button) to add it at
        the end. The arrow keys move between cards; typing a name jumps to a card.
      </p>
      <div className="grid gap-4 lg:grid-cols-2 lg:grid-rows-[auto_1fr]">
        {/* Phone: the path, the cards, then Submit. Desktop: the cards on the left, the path and Submit on the right. */}
        <Lane
          lane={lane}
          labelOf={labelOf}
          byId={byId}
          marks={marks}
          onMove={onMove}
          onRemove={onRemove}
          onFocusCard={onFocusCard}
          disabled={disabled}
          dragging={dragging}
          activeFromPalette={active?.from === 'palette'}
          focusIndex={Math.max(0, Math.min(laneFocus, lane.length - 1))}
          onFocusIndex={setLaneFocus}
        />
        <section
          aria-labelledby="palette-heading"
          className="min-w-0 self-start rounded-xl border border-border bg-surface p-4 lg:col-start-1 lg:row-span-2 lg:row-start-1"
          data-testid="palette"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-x-2">
            <h2 id="palette-heading" className="text-base font-semibold" tabIndex={-1}>
              Hop cards
            </h2>
            <span className="text-xs text-muted">
              {palette.length} cards · some are traps · a card can be used twice
            </span>
          </div>
          <QuickAdd palette={palette} disabled={disabled} onPick={(c) => onAdd(c.id, lane.length, 'key')} />
          <p className="mt-3 text-xs text-muted">
            Or drag a card into your path, or press its + button (Enter on a focused card) to add it at the
            end.
          </p>
          <ul
            ref={paletteListRef}
            className="mt-2 flex flex-wrap gap-2"
            aria-label="Hop cards"
            aria-describedby={instructionsId}
          >
            {palette.map((c, i) => (
              <PaletteCard
                key={c.id}
                card={c}
                count={counts.get(c.id) ?? 0}
                disabled={disabled}
                tabbable={i === Math.min(paletteFocus, palette.length - 1)}
                onFocus={() => setPaletteFocus(i)}
                onKey={(e) => onPaletteKey(e, i, c)}
                onAdd={() => onAdd(c.id, lane.length, 'button')}
                onFocusCard={onFocusCard}
              />
            ))}
          </ul>
        </section>

        {children ? (
          <div className="min-w-0 self-start rounded-xl border border-border bg-surface p-4 lg:col-start-2 lg:row-start-2">
            {children}
          </div>
        ) : null}
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

/**
 * "Find a card": a combobox (WAI-ARIA APG, list autocomplete) over the palette. Typing filters the cards,
 * ↓/↑ choose one, Enter adds it at the end of the path and clears the field, so a whole path can be typed
 * without leaving it. Escape clears.
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/
 */
function QuickAdd({
  palette,
  disabled,
  onPick,
}: {
  palette: readonly Card[];
  disabled?: boolean | undefined;
  onPick: (card: Card) => void;
}) {
  const [query, setQuery] = useState('');
  const [choice, setChoice] = useState(0);
  const id = useId();
  const matches = useMemo(() => matchCards(palette, query).slice(0, 6), [palette, query]);
  const open = query.trim() !== '';
  const cur = Math.max(0, Math.min(choice, matches.length - 1));
  const pick = (c: Card) => {
    onPick(c);
    setQuery('');
    setChoice(0);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && matches.length > 0) setChoice((cur + 1) % matches.length);
    else if (e.key === 'ArrowUp' && matches.length > 0)
      setChoice((cur - 1 + matches.length) % matches.length);
    else if (e.key === 'Enter' && open) {
      const c = matches[cur];
      if (c && !disabled) pick(c);
    } else if (e.key === 'Escape' && open) setQuery('');
    else return;
    e.preventDefault();
  };
  return (
    <div className="mt-3">
      <label htmlFor={`${id}-input`} className="text-sm font-medium">
        Find a card
      </label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setChoice(0);
        }}
        onKeyDown={onKeyDown}
        aria-expanded={open && matches.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[cur] ? `${id}-opt-${cur}` : undefined}
        aria-describedby={`${id}-help`}
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. kube-proxy node-2"
        className="mt-1 h-10 w-full rounded-lg border border-border bg-surface px-3 text-sm placeholder:text-muted"
        data-testid="quick-add"
      />
      <p id={`${id}-help`} className="mt-1 text-xs text-muted">
        Type part of a name; ↓/↑ choose, Enter adds it at the end of your path.
      </p>
      <ul
        id={`${id}-list`}
        role="listbox"
        aria-label="Matching cards"
        className={cn('mt-1 space-y-1', !(open && matches.length > 0) && 'hidden')}
      >
        {open
          ? matches.map((c, i) => (
              <li
                key={c.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === cur}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(c)}
                className={cn(
                  'flex cursor-pointer items-center gap-2 rounded-md border px-2 py-1 text-sm',
                  i === cur ? 'border-accent bg-accent/10 font-semibold' : 'border-transparent',
                )}
                data-testid="quick-add-option"
              >
                <LayerIcon layer={c.layer} />
                <span className="break-all">{c.label}</span>
                {i === cur ? <span className="ml-auto text-xs text-muted">Enter adds</span> : null}
              </li>
            ))
          : null}
      </ul>
      {open && matches.length === 0 ? (
        <p className="mt-1 text-sm text-muted" role="status">
          No card matches “{query}”.
        </p>
      ) : null}
    </div>
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
  tabbable,
  onFocus,
  onKey,
  onAdd,
  onFocusCard,
}: {
  card: Card;
  count: number;
  disabled?: boolean | undefined;
  tabbable: boolean;
  onFocus: () => void;
  /** Roving focus, type-ahead and Enter; true when handled (then the drag sensor does not see the key). */
  onKey: (e: KeyboardEvent<HTMLButtonElement>) => boolean;
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
        tabIndex={tabbable ? 0 : -1}
        onKeyDown={(e) => {
          if (!onKey(e)) listeners?.onKeyDown?.(e);
        }}
        aria-roledescription="draggable card"
        className="flex cursor-grab touch-manipulation items-center gap-1.5 py-1.5 pl-2 pr-1.5 text-left text-sm font-medium active:cursor-grabbing"
        onFocus={() => {
          onFocus();
          onFocusCard?.(card.id);
        }}
        onBlur={() => onFocusCard?.(null)}
        data-testid="palette-grip"
      >
        <LayerIcon layer={card.layer} />
        <span className="break-all">{card.label}</span>
        {count > 0 ? (
          <>
            <span className="ml-1 rounded-full bg-surface/70 px-1.5 text-xs font-semibold" aria-hidden="true">
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
        tabIndex={-1}
        aria-label={`Add ${card.label} to the end of your path`}
        title="Add to the end of your path"
        className="min-w-8 border-l border-current/20 px-2 text-base font-bold leading-none hover:bg-surface/50"
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
  dragging,
  activeFromPalette,
  focusIndex,
  onFocusIndex,
}: {
  lane: readonly LaneItem[];
  labelOf: (id: string) => string;
  byId: Map<string, Card>;
  marks?: readonly CheckStatus[] | null | undefined;
  onMove: PathBuilderProps['onMove'];
  onRemove: PathBuilderProps['onRemove'];
  onFocusCard?: ((id: string | null) => void) | undefined;
  disabled?: boolean | undefined;
  dragging: boolean;
  activeFromPalette: boolean;
  focusIndex: number;
  onFocusIndex: (i: number) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: LANE_ID });
  const { over } = useDndContext();
  const listRef = useRef<HTMLOListElement>(null);
  const overEnd = activeFromPalette && over?.id === LANE_ID;
  const focusGrip = (i: number) =>
    listRef.current?.querySelectorAll<HTMLElement>('[data-testid="lane-grip"]')[i]?.focus();
  /** Roving focus and the move/remove keys on a hop; true when handled. */
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, index: number): boolean => {
    if (dragging || disabled || e.ctrlKey || e.metaKey) return false;
    const up = e.key === 'ArrowUp' || e.key === 'ArrowLeft';
    const down = e.key === 'ArrowDown' || e.key === 'ArrowRight';
    if (e.altKey && (up || down)) {
      const to = index + (up ? -1 : 1);
      if (to >= 0 && to < lane.length) onMove(index, to, 'key');
    } else if (e.altKey) return false;
    else if (up) focusGrip(Math.max(0, index - 1));
    else if (down) focusGrip(Math.min(lane.length - 1, index + 1));
    else if (e.key === 'Home') focusGrip(0);
    else if (e.key === 'End') focusGrip(lane.length - 1);
    else if (e.key === 'Delete' || e.key === 'Backspace') onRemove(index);
    else return false;
    e.preventDefault();
    return true;
  };
  return (
    <section
      aria-labelledby="lane-heading"
      className="min-w-0 self-start rounded-xl border border-border bg-surface p-4 lg:col-start-2 lg:row-start-1"
      data-testid="answer-lane"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="lane-heading" className="text-base font-semibold" tabIndex={-1}>
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
            Start with where the request begins. Type a card’s name in “Find a card”, drag a card here, or use
            a card’s + button.
          </p>
        ) : (
          <SortableContext items={lane.map((i) => i.uid)} strategy={verticalListSortingStrategy}>
            <ol ref={listRef} className="space-y-1.5" aria-label="Hops of your path, in order">
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
                  tabbable={index === focusIndex}
                  onFocus={() => onFocusIndex(index)}
                  onKey={(e) => onKey(e, index)}
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
              overEnd && 'bg-accent/10 text-fg ring-2 ring-accent',
            )}
            aria-hidden="true"
          >
            {overEnd ? 'Drop to add at the end' : 'Drop here to add at the end'}
          </div>
        ) : null}
      </div>
      {lane.length > 1 ? (
        <p className="mt-2 text-xs text-muted">
          Keyboard: ↑/↓ move between hops, Alt+↑/↓ move a hop, Delete removes it.
        </p>
      ) : null}
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
  tabbable,
  onFocus,
  onKey,
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
  tabbable: boolean;
  onFocus: () => void;
  onKey: (e: KeyboardEvent<HTMLButtonElement>) => boolean;
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
          tabIndex={tabbable ? 0 : -1}
          onKeyDown={(e) => {
            if (!onKey(e)) listeners?.onKeyDown?.(e);
          }}
          aria-roledescription="draggable hop"
          aria-label={`Hop ${index + 1} of ${total}: ${label}${m ? `, ${m.text}` : ''}`}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Delete"
          className={cn(
            'flex min-w-0 flex-1 cursor-grab touch-manipulation items-center gap-1.5 rounded-md border px-2 py-1 text-left text-sm font-medium active:cursor-grabbing',
            layerTone(layer),
          )}
          onFocus={() => {
            onFocus();
            onFocusCard?.(item.cardId);
          }}
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
          tabIndex={-1}
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
          tabIndex={-1}
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
          tabIndex={-1}
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
