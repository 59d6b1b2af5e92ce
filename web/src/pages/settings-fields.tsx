/**
 * Form pieces of the settings page: a labelled input whose API error shows beneath it (linked by
 * aria-describedby), and the conversions between API values and what a person types.
 */
import type { FieldError } from '../api-write.ts';

/** `counted_severities[2]` → `counted_severities`: errors name an item, the input holds the list. */
export const fieldOf = (error: FieldError | undefined) => error?.field?.replace(/\[\d+\]/g, '');

export const listText = (values: readonly string[] | undefined) => (values ?? []).join(', ');
export const listOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A number as typed; anything else goes to the API as is, which names the field in its refusal. */
export const numberOf = (text: string): unknown => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);

/** 86400 → "1 day", 7200 → "2 hours": beside a field in seconds. */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'none';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds % size === 0) return `${seconds / size} ${name}${seconds === size ? '' : 's'}`;
  }
  return `${seconds} seconds`;
}

interface FieldProps {
  id: string;
  /** The API's name for it (`window_days.other`), where errors point; the id by default. */
  field?: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** The API's message when it named this field. */
  error?: string | undefined;
  hint?: string | undefined;
  inputMode?: 'numeric' | 'text';
  list?: string;
}

export function Field({ id, field, label, value, onInput, error, hint, inputMode, list }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`} data-field={field ?? id}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        value={value}
        inputMode={inputMode}
        list={list}
        autoComplete="off"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {hint && (
        <span id={`${id}-hint`} class="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
