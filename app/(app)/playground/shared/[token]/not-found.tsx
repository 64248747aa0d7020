import { ButtonLink } from '@/components/ui/button';

export default function SharedPlaygroundNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10 text-center" data-testid="shared-playground-not-found">
      <h1 className="text-2xl font-bold tracking-tight">This link does not open a playground</h1>
      <p className="mt-2 text-muted">
        Its owner may have revoked it or deleted the playground, or the link was copied incompletely. Ask them
        for a new link.
      </p>
      <ButtonLink href="/playground" className="mt-6">
        Open the playground
      </ButtonLink>
    </div>
  );
}
