'use client';
/** Signs out through next-auth (POST with its CSRF token) and returns home. */
import { signOut } from 'next-auth/react';
import { Button, type ButtonVariant } from './ui/button';

export function SignOutButton({
  variant = 'ghost',
  className,
}: {
  variant?: ButtonVariant;
  className?: string;
}) {
  return (
    <Button
      variant={variant}
      size="sm"
      className={className}
      onClick={() => void signOut({ callbackUrl: '/' })}
    >
      Sign out
    </Button>
  );
}
