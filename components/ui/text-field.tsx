/**
 * Labelled input with hint and error text wired up for assistive tech
 * (aria-describedby, aria-invalid). Pass `errors` from an action's fieldErrors.
 *   <TextField label="E-mail" name="email" type="email" errors={state.fieldErrors?.email} />
 */
import { useId, type ComponentProps, type ReactNode } from 'react';
import { cn } from './cn';

type Props = Omit<ComponentProps<'input'>, 'id'> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
};

export function TextField({ label, name, hint, errors, className, ...rest }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          'h-10 rounded-lg border bg-surface px-3 text-sm text-fg placeholder:text-muted/70',
          errorId ? 'border-danger' : 'border-border',
        )}
        {...rest}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-xs font-medium text-danger" data-testid={`${name}-error`}>
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
