import { ButtonLink } from '@/components/ui/button';

export default function PlaygroundNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10 text-center" data-testid="playground-not-found">
      <h1 className="text-2xl font-bold tracking-tight">Playground not found</h1>
      <p className="mt-2 text-muted">
        This playground does not exist or is not one of yours. If someone shared it with you, open the share
        link they sent instead.
      </p>
      <ButtonLink href="/playground" className="mt-6">
        Open your playgrounds
      </ButtonLink>
    </div>
  );
}
