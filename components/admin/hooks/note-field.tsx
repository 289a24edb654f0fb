import { useId } from 'react';
import { VOIPNOW_NOTE_MAX } from '@/lib/hook-admin';
import { inputClass, labelClass } from '../../form/styles';

interface NoteFieldProps {
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}

/** VoipNow's free-text note, with a live count against the PBX's 1024-character limit. */
export function NoteField({ value, onChange, errors }: NoteFieldProps) {
  const id = useId();
  const countId = `${id}-count`;
  const errorId = `${id}-errors`;
  const invalid = (errors?.length ?? 0) > 0;
  const over = value.length > VOIPNOW_NOTE_MAX;
  return (
    <div className="flex flex-col gap-1 md:col-span-2">
      <label htmlFor={id} className={labelClass}>
        Note
      </label>
      <textarea
        id={id}
        name="note"
        rows={2}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid || over || undefined}
        aria-describedby={invalid ? `${countId} ${errorId}` : countId}
        className={inputClass}
      />
      <p id={countId} className={`text-sm tabular-nums ${over ? 'font-semibold text-red-300' : 'text-slate-400'}`}>
        {value.length} / {VOIPNOW_NOTE_MAX}
      </p>
      {invalid && (
        <ul id={errorId} className="flex flex-col text-base font-medium text-red-300">
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      )}
    </div>
  );
}
