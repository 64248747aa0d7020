/** Admin home: links to admin tools. Authoring tools will be added here. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { ComingSoon } from '@/components/coming-soon';
import { requireAdmin } from '@/lib/server/auth';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  // Layout and page render in parallel, so each admin page checks too.
  await requireAdmin();
  return (
    <>
      <PageHeader title="Admin" description="Manage people and content." />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={<Link href="/admin/users" className="text-accent underline">Users</Link>} description="See who has an account and change roles." />
        <ComingSoon items={['Author quiz questions and explanations', 'Author trace scenarios as Kubernetes YAML, checked by the routing engine', 'Preview a scenario as a learner sees it']} />
      </div>
    </>
  );
}
