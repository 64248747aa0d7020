/**
 * The signed-in area. Every page under app/(app) requires a session; admin
 * pages add requireAdmin() in app/(app)/admin/layout.tsx.
 * NOTE: layouts do not protect server actions. Each action calls
 * authorizeUser()/authorizeAdmin() itself.
 */
import type { ReactNode } from 'react';
import { requireUser } from '@/lib/server/auth';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return <>{children}</>;
}
