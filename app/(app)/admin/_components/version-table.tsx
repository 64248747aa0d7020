/** Versions of a question or scenario: who wrote each, when, which one is published, how often it was used. */
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export function VersionTable({
  versions,
  usesLabel,
}: {
  versions: {
    version: number;
    createdAt: string;
    createdBy: string | null;
    published: boolean;
    uses: number;
  }[];
  usesLabel: string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="version-table">
        <caption className="sr-only">Versions</caption>
        <thead className="text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-semibold">
              Version
            </th>
            <th scope="col" className="py-2 pr-3 font-semibold">
              Saved
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              {usesLabel}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {versions.map((v) => (
            <tr key={v.version}>
              <th scope="row" className="py-2 pr-3 font-medium">
                v{v.version}
                {v.published ? (
                  <span className="ml-2 rounded-full border border-success/40 bg-success-bg px-1.5 py-0.5 text-xs font-medium text-success">
                    published
                  </span>
                ) : null}
              </th>
              <td className="py-2 pr-3 text-muted">
                {dateFormat.format(new Date(v.createdAt))} UTC
                {v.createdBy ? (
                  <span className="block text-xs">by {v.createdBy}</span>
                ) : (
                  <span className="block text-xs">seeded from content/</span>
                )}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{v.uses}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
