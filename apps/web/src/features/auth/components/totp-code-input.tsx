import { Field } from '../../../components/field.tsx';

/** Six digits from the authenticator app; anything else typed or pasted is dropped. */
export function TotpCodeInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <Field label={label} error={error}>
      {(props) => (
        <input
          {...props}
          name="code"
          className="code-input"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          // biome-ignore lint/a11y/noAutofocus: the code is the only thing to type on this step
          autoFocus
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
        />
      )}
    </Field>
  );
}
