import { ButtonLink } from '@/components/ui/button';

export default function AttemptNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10 text-center" data-testid="attempt-not-found">
      <h1 className="text-2xl font-bold tracking-tight">Result not found</h1>
      <p className="mt-2 text-muted">This attempt does not exist or is not one of yours.</p>
      <ButtonLink href="/trace" className="mt-6">
        Open the library
      </ButtonLink>
    </div>
  );
}
