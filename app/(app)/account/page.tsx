import type { Metadata } from 'next';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { ChangePasswordForm } from './_components/change-password-form';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser('/account');
  return (
    <>
      <PageHeader title="Account" description="Your details and password." />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="Your details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-muted">Name</dt>
            <dd>{user.name}</dd>
            <dt className="text-muted">E-mail</dt>
            <dd className="break-all">{user.email}</dd>
            <dt className="text-muted">Role</dt>
            <dd>
              <Badge tone={user.role === 'ADMIN' ? 'brand' : 'neutral'}>
                {user.role === 'ADMIN' ? 'Admin' : 'Learner'}
              </Badge>
            </dd>
          </dl>
        </Card>
        <Card title="Change password" description="You need your current password to set a new one.">
          <ChangePasswordForm csrfToken={createCsrfToken(user.id)} />
        </Card>
      </div>
    </>
  );
}
