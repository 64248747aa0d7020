import { ButtonLink } from '@/components/ui/button';

export default function ScenarioNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10 text-center" data-testid="scenario-not-found">
      <h1 className="text-2xl font-bold tracking-tight">Scenario not found</h1>
      <p className="mt-2 text-muted">
        It may have been retired, or the link is wrong. The library lists every published scenario.
      </p>
      <ButtonLink href="/trace" className="mt-6">
        Open the library
      </ButtonLink>
    </div>
  );
}
