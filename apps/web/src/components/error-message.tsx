import { useErrorText } from '../lib/error-text.ts';

/** A failed action's message, shown above the form or button that caused it. */
export function ErrorMessage({ error }: { error: unknown }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {errorText(error)}
    </div>
  );
}
