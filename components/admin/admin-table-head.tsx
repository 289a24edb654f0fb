/** The class every admin table's column headings share. */
export const headClass = 'pb-2 pr-4 text-left text-sm font-semibold tracking-wide text-slate-400';

interface AdminTableHeadProps {
  headings: readonly string[];
  /** Add a last, visually empty column headed "Actions" for screen readers. */
  actions?: boolean;
  className?: string;
}

/** The `<thead>` of an admin table: one column heading per entry, plus an optional Actions column. */
export function AdminTableHead({ headings, actions = false, className = headClass }: AdminTableHeadProps) {
  return (
    <thead>
      <tr>
        {headings.map((h) => (
          <th key={h} scope="col" className={className}>
            {h}
          </th>
        ))}
        {actions && (
          <th scope="col" className={className}>
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
