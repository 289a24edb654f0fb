import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { inputClass, labelClass } from '../../form/styles';

interface ShellProps {
  label: string;
  errors?: string[];
  /** A hint shown under the label and read with the control (format, default, "leave empty"). */
  help?: ReactNode;
  className?: string;
}

interface ShellIds {
  id: string;
  describedBy?: string;
  invalid: boolean;
}

/** The control's id, and how it points at its hint and errors (aria-describedby, aria-invalid). */
function useFieldIds(help: ReactNode, errors: string[] | undefined): ShellIds {
  const id = useId();
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [help ? `${id}-help` : null, invalid ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined;
  return { id, describedBy, invalid };
}

/** The hint and the error list under a control, with the ids useFieldIds points at. */
function FieldNotes({ id, invalid, help, errors }: { id: string; invalid: boolean; help?: ReactNode; errors?: string[] }) {
  return (
    <>
      {help && (
        <p id={`${id}-help`} className="text-sm text-slate-400">
          {help}
        </p>
      )}
      {invalid && (
        <ul id={`${id}-errors`} className="flex flex-col text-base font-medium text-red-300">
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      )}
    </>
  );
}

/** Label, control, hint and errors, tied together for screen readers (components/form's Field, plus a hint). */
function FieldShell({ label, errors, help, className, children }: ShellProps & { children: (ids: ShellIds) => ReactNode }) {
  const { id, describedBy, invalid } = useFieldIds(help, errors);
  return (
    <div className={`flex flex-col gap-1 ${className ?? ''}`}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children({ id, describedBy, invalid })}
      <FieldNotes id={id} invalid={invalid} help={help} errors={errors} />
    </div>
  );
}

type InputFieldProps = ShellProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> & { name: string };

export function InputField({ label, errors, help, className, ...input }: InputFieldProps) {
  return (
    <FieldShell label={label} errors={errors} help={help} className={className}>
      {({ id, describedBy, invalid }) => (
        <input id={id} aria-invalid={invalid || undefined} aria-describedby={describedBy} className={inputClass} {...input} />
      )}
    </FieldShell>
  );
}

type TextAreaFieldProps = ShellProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className'> & { name: string };

export function TextAreaField({ label, errors, help, className, ...area }: TextAreaFieldProps) {
  return (
    <FieldShell label={label} errors={errors} help={help} className={className}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          rows={4}
          className={`${inputClass} font-mono`}
          {...area}
        />
      )}
    </FieldShell>
  );
}

interface CheckboxFieldProps {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  help?: ReactNode;
  errors?: string[];
}

export function CheckboxField({ label, name, checked, onChange, help, errors }: CheckboxFieldProps) {
  const { id, describedBy, invalid } = useFieldIds(help, errors);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className="size-5 accent-sky-500"
        />
        <label htmlFor={id} className={labelClass}>
          {label}
        </label>
      </div>
      <FieldNotes id={id} invalid={invalid} help={help} errors={errors} />
    </div>
  );
}
