'use client';
/** Publish / Retire / Restore for a question or scenario, with the action's message beside the buttons. */
import { useActionState } from 'react';
import type { ActionResult, FormState } from '@/lib/validation/action-result';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type Action = (prev: unknown, formData: FormData) => Promise<ActionResult>;

export function LifecycleButtons({
  id,
  csrfToken,
  action,
  canPublish,
  canRetire,
  canRestore,
  publishLabel = 'Publish latest version',
}: {
  id: string;
  csrfToken: string;
  action: Action;
  canPublish: boolean;
  canRetire: boolean;
  canRestore: boolean;
  publishLabel?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, null);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="id" value={id} />
      <div className="flex flex-wrap gap-2">
        {canPublish ? (
          <Button type="submit" name="op" value="publish" size="sm" disabled={pending}>
            {publishLabel}
          </Button>
        ) : null}
        {canRetire ? (
          <Button type="submit" name="op" value="retire" size="sm" variant="danger" disabled={pending}>
            Retire
          </Button>
        ) : null}
        {canRestore ? (
          <Button type="submit" name="op" value="restore" size="sm" variant="secondary" disabled={pending}>
            Restore
          </Button>
        ) : null}
      </div>
      <div aria-live="polite">
        {state && !state.ok ? (
          <Alert tone="error" testId="lifecycle-error">
            {state.formError ??
              Object.values(state.fieldErrors ?? {})
                .flat()
                .join(' ')}
          </Alert>
        ) : state?.ok ? (
          <Alert tone="success" testId="lifecycle-success">
            {state.message}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}
