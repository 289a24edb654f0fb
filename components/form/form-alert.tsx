import { alertClass } from './styles';

/** The form's one error line, announced as it appears. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className={alertClass}>
      {message}
    </p>
  );
}
