import type { Metadata } from 'next';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { listUsers } from '@/lib/server/auth/users';
import { PageHeader } from '@/components/ui/page-header';
import { RoleForm } from './_components/role-form';

export const metadata: Metadata = { title: 'Users' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function AdminUsersPage() {
  // The layout checked already; this keeps the page safe if it is ever moved.
  const admin = await requireAdmin('/admin/users');
  const users = await listUsers();
  const csrfToken = createCsrfToken(admin.id);
  return (
    <>
      <PageHeader
        title="Users"
        description={`${users.length} account${users.length === 1 ? '' : 's'}. Admins can author content and manage roles.`}
      />
      <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">All users and their roles</caption>
          <thead className="border-b border-border bg-surface-2 text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">
                Name
              </th>
              <th scope="col" className="hidden px-4 py-3 font-semibold sm:table-cell">
                E-mail
              </th>
              <th scope="col" className="hidden px-4 py-3 font-semibold md:table-cell">
                Joined
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                Role
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <th scope="row" className="px-4 py-3 font-medium">
                  {u.name}
                  {u.id === admin.id ? (
                    <span className="ml-2 text-xs font-normal text-muted">(you)</span>
                  ) : null}
                  {/* On phones the e-mail column is hidden; show it under the name instead. */}
                  <span className="mt-0.5 block text-xs font-normal break-all text-muted sm:hidden">
                    {u.email}
                  </span>
                </th>
                <td className="hidden px-4 py-3 break-all text-muted sm:table-cell">{u.email}</td>
                <td className="hidden px-4 py-3 whitespace-nowrap text-muted md:table-cell">
                  {dateFormat.format(new Date(u.createdAt))}
                </td>
                <td className="px-4 py-3">
                  <RoleForm userId={u.id} userLabel={u.name || u.email} role={u.role} csrfToken={csrfToken} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
