'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Vendor } from '@/lib/board';
import { VENDOR_LABELS, VENDORS, type ConnectionAdminView } from '@/lib/connection-admin';
import type { FieldErrors } from '../../api/api-error';
import { hasFieldErrors, serverFieldErrors } from '../../form/field-errors';
import { FormAlert } from '../../form/form-alert';
import { primaryButtonClass, secondaryButtonClass } from '../../form/styles';
import { SelectField } from '../../form/text-field';
import { groupFieldErrors, validateConnectionBody } from './connection-field-errors';
import { toConnectionBody, type ConnectionFormMode, type ConnectionFormValues } from './connection-form-values';
import { CheckboxField } from './field-controls';
import { ProbeResultView } from './probe-result';
import { useSaveConnection, useTestDraft } from './use-connections';
import { VendorFields } from './vendor-fields';

interface ConnectionFormProps {
  mode: ConnectionFormMode;
  initial: ConnectionFormValues;
  /** Edit only: secret fields that hold a stored value. */
  secretsSet?: readonly string[];
  onClose: (saved: ConnectionAdminView | null) => void;
}

const isVendor = (value: string): value is Vendor => (VENDORS as readonly string[]).includes(value);

/** Add or edit one connection: checked by the server's own schema here, then tested or saved. */
export function ConnectionForm({ mode, initial, secretsSet = [], onClose }: ConnectionFormProps) {
  const titleId = useId();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveConnection(mode === 'edit' ? initial.id : null);
  const test = useTestDraft();
  const grouped = groupFieldErrors(errors, values.vendor);
  const busy = save.isPending || test.isPending;
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Edit opens the form above the table, away from the row's button: take focus (and the view) there.
  useEffect(() => headingRef.current?.focus(), []);

  function update(patch: Partial<ConnectionFormValues>) {
    setValues((current) => ({ ...current, ...patch }));
    // A field's old messages go once it is edited; the rest stay until the next check.
    const touched = Object.keys(patch);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !touched.includes(key.split('.')[0] ?? ''))));
  }

  /** The body to send, or null after showing what is wrong with the draft. */
  function checkedBody(): Record<string, unknown> | null {
    const body = toConnectionBody(values);
    const found = validateConnectionBody(body, mode);
    setErrors(found);
    return hasFieldErrors(found) ? null : body;
  }

  function onTest() {
    save.reset();
    test.reset();
    const body = checkedBody();
    if (body) test.mutate(body, { onError: (error) => setErrors(serverFieldErrors(error)) });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.reset();
    save.reset();
    const body = checkedBody();
    if (body) save.mutate(body, { onSuccess: (connection) => onClose(connection), onError: (error) => setErrors(serverFieldErrors(error)) });
  }

  const actionError = save.error ?? test.error;
  const alert = [...grouped.other, ...(actionError && !hasFieldErrors(grouped.byField) ? [actionError.message] : [])].join(' ');

  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h2 id={titleId} ref={headingRef} tabIndex={-1} className="text-xl font-bold focus:outline-none">
        {mode === 'create' ? 'Add connection' : `Edit ${initial.name || initial.id}`}
      </h2>
      <form onSubmit={onSubmit} noValidate className="grid items-start gap-3 md:grid-cols-2">
        <SelectField
          label="Vendor"
          name="vendor"
          value={values.vendor}
          disabled={mode === 'edit'}
          onChange={(event) => {
            if (!isVendor(event.target.value)) return;
            update({ vendor: event.target.value });
            setErrors({});
            test.reset();
          }}
          errors={grouped.byField.vendor}
          className="md:col-span-2"
        >
          {VENDORS.map((vendor) => (
            <option key={vendor} value={vendor}>
              {VENDOR_LABELS[vendor]}
            </option>
          ))}
        </SelectField>
        <VendorFields values={values} onChange={update} errors={grouped.byField} mode={mode} secretsSet={secretsSet} />
        <div className="md:col-span-2">
          <CheckboxField
            label="Enabled"
            name="enabled"
            checked={values.enabled}
            onChange={(enabled) => update({ enabled })}
            help="An enabled connection starts as soon as it is saved."
            errors={grouped.byField.enabled}
          />
        </div>
        <div className="flex flex-col gap-3 md:col-span-2">
          <FormAlert message={alert || null} />
          {test.isPending && (
            <p role="status" className="text-base text-slate-300">
              Testing…
            </p>
          )}
          {test.data && <ProbeResultView result={test.data} />}
          <div className="flex flex-wrap gap-2">
            <button type="submit" disabled={busy} aria-busy={save.isPending} className={primaryButtonClass}>
              Save
            </button>
            <button type="button" onClick={onTest} disabled={busy} aria-busy={test.isPending} className={secondaryButtonClass}>
              Test connection
            </button>
            <button type="button" onClick={() => onClose(null)} className={secondaryButtonClass}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
