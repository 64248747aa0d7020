'use client';
/** One row's role picker; shows the action's result beside it. */
import { useActionState } from 'react';
import { changeRoleAction } from '../actions';
import type { FormState } from '@/lib/validation/action-result';
import { ROLES, type Role } from '@/lib/validation/user';
import { CsrfField } from '@/components/csrf-field';
import { SubmitButton } from '@/components/ui/submit-button';

const LABELS: Record<Role, string> = { LEARNER: 'Learner', ADMIN: 'Admin' };

export function RoleForm({
  userId,
  userLabel,
  role,
  csrfToken,
}: {
  userId: string;
  userLabel: string;
  role: Role;
  csrfToken: string;
}) {
  const [state, formAction] = useActionState<FormState<{ role: string }>, FormData>(changeRoleAction, null);
  const error =
    state && !state.ok
      ? (state.formError ??
        Object.values(state.fieldErrors ?? {})
          .flat()
          .join(' '))
      : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role for {userLabel}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        key={role}
        className="h-8 rounded-lg border border-border bg-surface px-2 text-sm text-fg"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {LABELS[r]}
          </option>
        ))}
      </select>
      <SubmitButton size="sm" variant="secondary" pendingLabel="Saving…">
        Save
      </SubmitButton>
      <span aria-live="polite" className="text-xs">
        {error ? (
          <span className="font-medium text-danger" data-testid="role-error">
            {error}
          </span>
        ) : state?.ok ? (
          <span className="text-success" data-testid="role-success">
            {state.message}
          </span>
        ) : null}
      </span>
    </form>
  );
}
