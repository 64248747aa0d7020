/** Centred narrow column for the sign-in and sign-up forms. */
import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-md py-4 sm:py-8">{children}</div>;
}
