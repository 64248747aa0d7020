'use client';
/**
 * A submit button that disables itself and shows `pendingLabel` while its
 * <form> action runs (React's useFormStatus). Use it in every action form.
 *   <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
 */
import { useFormStatus } from 'react-dom';
import type { ComponentProps } from 'react';
import { Button } from './button';

type Props = Omit<ComponentProps<typeof Button>, 'type'> & { pendingLabel?: string };

export function SubmitButton({ children, pendingLabel, disabled, ...rest }: Props) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending || disabled} aria-disabled={pending || disabled} {...rest}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
