'use client';

import type { FieldErrors } from '../../api/api-error';
import type { ConnectionFormMode, ConnectionFormValues, TextFieldName } from './connection-form-values';
import { CheckboxField, InputField, TextAreaField } from './field-controls';

interface VendorFieldsProps {
  values: ConnectionFormValues;
  onChange: (patch: Partial<ConnectionFormValues>) => void;
  errors: FieldErrors;
  mode: ConnectionFormMode;
  /** Secret fields of the saved connection that hold a value (edit only). */
  secretsSet: readonly string[];
}

const BASE_URL_PLACEHOLDER = {
  noojee: 'https://pbx.example',
  switchvox: 'https://sv.example',
  telphin: 'https://apiproxy.telphin.ru',
  voipnow: 'https://voipnow.example',
} as const;

/** The config fields of the chosen vendor (DESIGN.md §6), each with a visible label and its errors. */
export function VendorFields({ values, onChange, errors, mode, secretsSet }: VendorFieldsProps) {
  const text = (name: TextFieldName) => ({
    name,
    value: values[name],
    onChange: (event: { target: { value: string } }) => onChange({ [name]: event.target.value }),
    errors: errors[name],
  });
  const secret = (name: TextFieldName, label: string) => (
    <InputField
      label={label}
      type="password"
      autoComplete="off"
      spellCheck={false}
      help={
        mode === 'edit' ? (
          <>
            {secretsSet.includes(name) && <span className="mr-2 rounded bg-slate-700 px-1.5 font-semibold text-slate-100">set</span>}{' '}
            Leave empty to keep the current secret.
          </>
        ) : undefined
      }
      {...text(name)}
    />
  );
  const plain = { autoComplete: 'off', autoCapitalize: 'none', spellCheck: false } as const;
  const number = { inputMode: 'numeric', autoComplete: 'off' } as const;
  const { vendor } = values;

  return (
    <>
      <InputField
        label="Connection id"
        readOnly={mode === 'edit'}
        help={mode === 'edit' ? 'Fixed once saved.' : 'Letters, digits, - and _ (e.g. hq). Fixed once saved.'}
        {...plain}
        {...text('id')}
      />
      <InputField label="Name" help="Shown on the board." autoComplete="off" maxLength={80} {...text('name')} />
      {vendor === 'switchvox' ? (
        <InputField label="PBX URL" type="url" placeholder={BASE_URL_PLACEHOLDER.switchvox} {...plain} {...text('url')} />
      ) : (
        <InputField label="Base URL" type="url" placeholder={BASE_URL_PLACEHOLDER[vendor]} {...plain} {...text('baseUrl')} />
      )}

      {vendor === 'noojee' && (
        <>
          {secret('apiKey', 'API key')}
          <TextAreaField
            label="Extensions"
            help="One per line or comma separated: 400, or 400 Alice Smith to name the tile."
            {...plain}
            {...text('extensions')}
          />
          <InputField label="Channel technology" placeholder="SIP" help="Used to dial and answer; default SIP." {...plain} {...text('tech')} />
          <InputField label="Long-poll timeout (s)" placeholder="25" help="1–120 seconds; default 25." {...number} {...text('pollTimeoutS')} />
        </>
      )}

      {vendor === 'switchvox' && (
        <>
          <InputField label="Login extension" help="The extension Linesight signs in as." {...plain} {...text('extension')} />
          {secret('password', 'Password')}
          <TextAreaField
            label="Accounts"
            help="One per line: account id, extension, optional name — 1101 101 Alice Smith."
            {...plain}
            {...text('accounts')}
          />
          <TextAreaField label="Queues" help="Optional. One per line, like accounts: 1201 600 Support." {...plain} {...text('queues')} />
          <TextAreaField
            label="CA certificate (PEM)"
            help="Optional: the PBX's self-signed certificate or its CA, so TLS can be checked."
            rows={3}
            {...plain}
            {...text('caPem')}
          />
          <CheckboxField
            label="Accept any TLS certificate (insecure)"
            name="insecureTls"
            checked={values.insecureTls}
            onChange={(insecureTls) => onChange({ insecureTls })}
            help="Only when a CA certificate cannot be given."
            errors={errors.insecureTls}
          />
        </>
      )}

      {(vendor === 'telphin' || vendor === 'voipnow') && (
        <>
          <InputField label="Client id" {...plain} {...text('clientId')} />
          {secret('clientSecret', 'Client secret')}
          <TextAreaField
            label="Extensions"
            help={
              vendor === 'telphin'
                ? 'Optional. One per line, like 0003*101 or 101. Empty: every phone, queue and IVR.'
                : 'One per line, like 0003*210.'
            }
            {...plain}
            {...text('extensions')}
          />
          {vendor === 'telphin' ? (
            <InputField label="Reconcile interval (s)" placeholder="60" help="5–3600 seconds; default 60." {...number} {...text('reconcileIntervalS')} />
          ) : (
            <InputField label="Poll interval (s)" placeholder="2" help="2–300 seconds; default 2." {...number} inputMode="decimal" {...text('pollIntervalS')} />
          )}
        </>
      )}
    </>
  );
}
