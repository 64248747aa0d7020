/**
 * Admin area guard: every page under /admin requires the ADMIN role.
 * Admin server actions must still call authorizeAdmin() themselves.
 */
import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/server/auth';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return <>{children}</>;
}
