'use client';

import type { FormEvent } from 'react';
import { AUDIT_RESULTS } from '@/lib/auth-types';
import { primaryButtonClass, secondaryButtonClass } from '../../form/styles';
import { SelectField, TextField } from '../../form/text-field';
import { filtersFromSearch, type AuditFilters } from './audit-filters-url';

interface AuditFilterFormProps {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}

/** Actor, action and result; the parent keys this form by the filters so it resets when the URL changes. */
export function AuditFilterForm({ filters, onChange }: AuditFilterFormProps) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    onChange(filtersFromSearch({ get: (name) => (typeof data.get(name) === 'string' ? (data.get(name) as string) : null) }));
  }

  return (
    <form onSubmit={onSubmit} aria-label="Audit filters" className="flex flex-wrap items-start gap-3">
      <TextField label="Actor" name="actor" defaultValue={filters.actor} autoComplete="off" spellCheck={false} className="w-56" />
      <TextField label="Action" name="action" defaultValue={filters.action} autoComplete="off" spellCheck={false} className="w-56" />
      <SelectField label="Result" name="result" defaultValue={filters.result} className="w-40">
        <option value="">any</option>
        {AUDIT_RESULTS.map((result) => (
          <option key={result} value={result}>
            {result}
          </option>
        ))}
      </SelectField>
      <div className="flex gap-2 md:mt-7">
        <button type="submit" className={primaryButtonClass}>
          Filter
        </button>
        <button type="button" onClick={() => onChange({ actor: '', action: '', result: '' })} className={secondaryButtonClass}>
          Clear
        </button>
      </div>
    </form>
  );
}
