/**
 * A message box. Errors use role="alert" so screen readers announce them;
 * info/success use role="status".
 *   <Alert tone="error" testId="login-error">Wrong e-mail or password.</Alert>
 * NOTE: Next renders its own role="alert" route announcer, so e2e tests should
 * find alerts by `testId` (data-testid), not getByRole('alert').
 */
import type { ReactNode } from 'react';
import { cn } from './cn';

export type AlertTone = 'error' | 'success' | 'info' | 'warning';

const tones: Record<AlertTone, string> = {
  error: 'border-danger/40 bg-danger-bg text-danger',
  success: 'border-success/40 bg-success-bg text-success',
  info: 'border-border bg-surface-2 text-fg',
  warning: 'border-warning/40 bg-warning-bg text-warning',
};

export function Alert({
  tone = 'info',
  title,
  children,
  testId,
  className,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      className={cn('rounded-lg border px-4 py-3 text-sm', tones[tone], className)}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      <div className={title ? 'mt-1' : undefined}>{children}</div>
    </div>
  );
}
