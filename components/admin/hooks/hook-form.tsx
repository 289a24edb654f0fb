'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TELPHIN_EVENT_TYPES, VOIPNOW_EVENT_TYPES, VOIPNOW_TYPE_LABELS, ZHookInput } from '@/lib/hook-admin';
import type { FieldErrors } from '../../api/api-error';
import { serverFieldErrors } from '../../form/field-errors';
import { FormAlert } from '../../form/form-alert';
import { primaryButtonClass, secondaryButtonClass } from '../../form/styles';
import { SelectField } from '../../form/text-field';
import { DestinationField } from './destination-field';
import { hasShownFieldErrors, hookDraft, hookFieldErrors, hookFormDefaults, hookServerFieldErrors, type HookFormValues, type HookVendor } from './hook-form-values';
import type { HookRow } from './hook-list';
import { NoteField } from './note-field';
import { useCreateHook, useUpdateHook } from './use-hooks';

interface HookFormProps {
  connectionId: string;
  extensionKey: string;
  vendor: HookVendor;
  /** The hook being edited; absent for a new one. */
  hook?: HookRow;
  onDone: () => void;
}

/**
 * A new hook or an edit, with the vendor's own fields. Checked by `ZHookInput` first, then by the PBX,
 * whose refusals come back per field (`fieldErrors.url`, …) or as one sentence.
 */
export function HookForm({ connectionId, extensionKey, vendor, hook, onDone }: HookFormProps) {
  const create = useCreateHook(connectionId, extensionKey);
  const update = useUpdateHook(connectionId, extensionKey);
  const mutation = hook ? update : create;
  const [values, setValues] = useState<HookFormValues>(() => hookFormDefaults(vendor, hook));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState(false);
  const set = (patch: Partial<HookFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const titleId = `hook-form-title-${hook ? 'edit' : 'new'}`;
  const titleRef = useRef<HTMLHeadingElement>(null);
  const editing = hook !== undefined;

  // Edit opens below the table: take keyboard and screen-reader focus there.
  useEffect(() => {
    if (editing) titleRef.current?.focus();
  }, [editing]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(false);
    const parsed = ZHookInput.safeParse(hookDraft(vendor, values));
    if (!parsed.success) {
      mutation.reset();
      setFieldErrors(hookFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    const onError = (error: unknown) => setFieldErrors(hookServerFieldErrors(serverFieldErrors(error)));
    if (hook) {
      update.mutate({ id: hook.id, input: parsed.data }, { onSuccess: onDone, onError });
    } else {
      create.mutate(parsed.data, {
        onSuccess: () => {
          setValues(hookFormDefaults(vendor));
          setCreated(true);
        },
        onError,
      });
    }
  }

  function onCancel() {
    mutation.reset();
    setFieldErrors({});
    setCreated(false);
    setValues(hookFormDefaults(vendor, hook));
    onDone();
  }

  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-3 rounded-xl border-2 border-slate-700 bg-slate-900 p-4">
      <h3 id={titleId} ref={titleRef} tabIndex={-1} className="text-xl font-bold">
        {hook ? `Edit hook ${hook.id}` : 'New hook'}
      </h3>
      <FormAlert message={hasShownFieldErrors(vendor, fieldErrors) ? null : mutation.error?.message} />
      {created && (
        <p role="status" className="text-lg font-semibold text-green-300">
          Hook created.
        </p>
      )}
      <form onSubmit={onSubmit} noValidate className="grid items-start gap-3 md:grid-cols-2">
        {vendor === 'telphin' ? (
          <SelectField label="Event type" name="event_type" value={values.event_type} onChange={(e) => set({ event_type: e.target.value })} errors={fieldErrors.event_type}>
            {TELPHIN_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </SelectField>
        ) : (
          <SelectField
            label="Event type"
            name="type"
            value={values.type}
            onChange={(e) => set({ type: e.target.value })}
            disabled={hook !== undefined}
            aria-description={hook ? 'The event type of a VoipNow hook cannot change; delete it and create another.' : undefined}
            errors={fieldErrors.type}
          >
            {VOIPNOW_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {VOIPNOW_TYPE_LABELS[type]}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label="Method" name="method" value={values.method} onChange={(e) => set({ method: e.target.value })} errors={fieldErrors.method}>
          {vendor === 'telphin' ? (
            <>
              <option value="GET">GET</option>
              <option value="POST">POST</option>
            </>
          ) : (
            <>
              <option value="0">GET</option>
              <option value="1">POST</option>
            </>
          )}
        </SelectField>
        <DestinationField
          target={values.target}
          url={values.url}
          onTarget={(target) => set({ target })}
          onUrl={(url) => set({ url })}
          errors={fieldErrors.destination}
          urlErrors={fieldErrors.url}
        />
        {vendor === 'voipnow' && (
          <>
            <NoteField value={values.note} onChange={(note) => set({ note })} errors={fieldErrors.note} />
            <SelectField label="Status" name="status" value={values.status} onChange={(e) => set({ status: e.target.value })} errors={fieldErrors.status}>
              <option value="1">Enabled</option>
              <option value="0">Disabled</option>
            </SelectField>
          </>
        )}
        <div className="flex gap-2 md:col-span-2">
          <button type="submit" disabled={mutation.isPending} aria-busy={mutation.isPending} className={primaryButtonClass}>
            {hook ? 'Save hook' : 'Create hook'}
          </button>
          <button type="button" onClick={onCancel} className={secondaryButtonClass}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
