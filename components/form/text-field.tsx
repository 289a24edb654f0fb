import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { inputClass, labelClass } from './styles';

interface FieldProps {
  label: string;
  errors?: string[];
  className?: string;
}

/** Label, control and its error list, tied together for screen readers with `aria-describedby`. */
function Field({ label, errors, className, children }: FieldProps & { children: (ids: { id: string; describedBy?: string }) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-errors`;
  const invalid = (errors?.length ?? 0) > 0;
  return (
    <div className={`flex flex-col gap-1 ${className ?? ''}`}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children({ id, describedBy: invalid ? errorId : undefined })}
      {invalid && (
        <ul id={errorId} className="flex flex-col text-base font-medium text-red-300">
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      )}
    </div>
  );
}

type TextFieldProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> & { name: string };

export function TextField({ label, errors, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} errors={errors} className={className}>
      {({ id, describedBy }) => (
        <input id={id} aria-invalid={describedBy ? true : undefined} aria-describedby={describedBy} className={inputClass} {...input} />
      )}
    </Field>
  );
}

type SelectFieldProps = FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'> & { name: string };

export function SelectField({ label, errors, className, children, ...select }: SelectFieldProps) {
  return (
    <Field label={label} errors={errors} className={className}>
      {({ id, describedBy }) => (
        <select id={id} aria-invalid={describedBy ? true : undefined} aria-describedby={describedBy} className={inputClass} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}
