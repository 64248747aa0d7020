'use client';
/**
 * The "?" sheet: the page's keyboard shortcuts in a modal dialog (native <dialog>: focus is trapped,
 * Escape closes it, focus returns to where it was).
 */
import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';

export type ShortcutRow = { keys: string[]; does: string };

export function ShortcutHelp({
  open,
  onClose,
  rows,
  note,
}: {
  open: boolean;
  onClose: () => void;
  rows: ShortcutRow[];
  note?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-6 text-fg shadow-xl backdrop:bg-black/50"
      data-testid="shortcut-help"
    >
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <table className="mt-4 w-full text-sm">
        <thead className="sr-only">
          <tr>
            <th>Keys</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.does} className="border-t border-border">
              <td className="py-2 pr-4 whitespace-nowrap">
                {r.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? <span className="text-muted"> or </span> : null}
                    <kbd className="rounded border border-border bg-surface-2 px-1.5 py-0.5 font-mono text-xs">
                      {k}
                    </kbd>
                  </span>
                ))}
              </td>
              <td className="py-2">{r.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {note ? <p className="mt-3 text-xs text-muted">{note}</p> : null}
      <div className="mt-5 flex justify-end">
        <Button variant="secondary" onClick={() => ref.current?.close()}>
          Close
        </Button>
      </div>
    </dialog>
  );
}
