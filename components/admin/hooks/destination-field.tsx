import { useId } from 'react';
import { labelClass } from '../../form/styles';
import { TextField } from '../../form/text-field';
import type { DestinationTarget } from './hook-form-values';

interface DestinationFieldProps {
  target: DestinationTarget;
  url: string;
  onTarget: (target: DestinationTarget) => void;
  onUrl: (url: string) => void;
  errors?: string[];
  urlErrors?: string[];
}

const options: { value: DestinationTarget; label: string }[] = [
  { value: 'linesight', label: 'This Linesight server' },
  { value: 'url', label: 'Other URL' },
];

/**
 * Where the PBX sends the event. "This Linesight server" lets the server fill in its own intake URL
 * (its secret token never reaches the browser); typing a URL picks "Other URL".
 */
export function DestinationField({ target, url, onTarget, onUrl, errors, urlErrors }: DestinationFieldProps) {
  const name = useId();
  const errorId = `${name}-errors`;
  const invalid = (errors?.length ?? 0) > 0;
  return (
    <>
      <fieldset aria-describedby={invalid ? errorId : undefined} className="flex flex-col gap-1">
        <legend className={labelClass}>Destination</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1 pt-1">
          {options.map((option) => (
            <label key={option.value} className="flex items-center gap-2 text-lg text-slate-100">
              <input
                type="radio"
                name={name}
                value={option.value}
                checked={target === option.value}
                onChange={() => onTarget(option.value)}
                className="size-5 accent-sky-500"
              />
              {option.label}
            </label>
          ))}
        </div>
        {invalid && (
          <ul id={errorId} className="flex flex-col text-base font-medium text-red-300">
            {errors?.map((message) => <li key={message}>{message}</li>)}
          </ul>
        )}
      </fieldset>
      <TextField
        label="URL"
        name="url"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder={target === 'linesight' ? 'Filled in by the server' : 'https://'}
        value={url}
        onChange={(event) => {
          onUrl(event.target.value);
          if (event.target.value) onTarget('url');
        }}
        errors={urlErrors}
      />
    </>
  );
}
