/** The global metric settings: a read-only list for read tokens, a form for admin tokens. */
import { useState } from 'preact/hooks';
import { FieldError, putJson } from '../api-write.ts';
import type { GlobalSettings } from '../settings-types.ts';
import { durationText, Field, fieldOf, listOf, listText, numberOf } from './settings-fields.tsx';

const PATH = '/api/v1/settings';

type Form = Record<(typeof FIELDS)[number]['field'], string>;

const FIELDS = [
  { field: 'timezone', label: 'Time zone', hint: 'IANA name: days and weeks are cut at its midnight' },
  {
    field: 'production_pattern',
    label: 'Production pattern',
    hint: 'Environments matching it (case-insensitive regular expression) are production',
  },
  { field: 'attribution_window_seconds', label: 'Attribution window (seconds)', hint: undefined },
  {
    field: 'counted_severities',
    label: 'Counted severities',
    hint: 'For change failure rate and time to restore; comma-separated, empty counts every incident',
  },
  { field: 'window_days.deployment_frequency', label: 'Deployment frequency window (days)', hint: undefined },
  { field: 'window_days.change_failure_rate', label: 'Change failure rate window (days)', hint: undefined },
  { field: 'window_days.other', label: 'Lead time and restore window (days)', hint: undefined },
] as const;

const formOf = (settings: GlobalSettings): Form => ({
  timezone: settings.timezone,
  production_pattern: settings.production_pattern,
  attribution_window_seconds: String(settings.attribution_window_seconds),
  counted_severities: listText(settings.counted_severities),
  'window_days.deployment_frequency': String(settings.window_days.deployment_frequency),
  'window_days.change_failure_rate': String(settings.window_days.change_failure_rate),
  'window_days.other': String(settings.window_days.other),
});

const bodyOf = (form: Form) => ({
  timezone: form.timezone.trim(),
  production_pattern: form.production_pattern,
  attribution_window_seconds: numberOf(form.attribution_window_seconds),
  counted_severities: listOf(form.counted_severities),
  window_days: {
    deployment_frequency: numberOf(form['window_days.deployment_frequency']),
    change_failure_rate: numberOf(form['window_days.change_failure_rate']),
    other: numberOf(form['window_days.other']),
  },
});

const hintOf = (field: (typeof FIELDS)[number], form: Form) =>
  field.field === 'attribution_window_seconds'
    ? `How long after a deployment an incident may start and still be attributed to it by time: ${durationText(Number(form.attribution_window_seconds))}`
    : field.hint;

export function GlobalSettingsView({ settings }: { settings: GlobalSettings }) {
  const form = formOf(settings);
  return (
    <dl class="settings-list">
      {FIELDS.map((field) => (
        <div key={field.field} data-field={field.field}>
          <dt>{field.label}</dt>
          <dd>
            {form[field.field] === '' ? (
              <span class="muted">none (every incident counts)</span>
            ) : (
              <code>{form[field.field]}</code>
            )}
            {field.field === 'attribution_window_seconds' && (
              <span class="muted"> ({durationText(settings.attribution_window_seconds)})</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function GlobalSettingsForm({ settings }: { settings: GlobalSettings }) {
  const [form, setForm] = useState(() => formOf(settings));
  const [error, setError] = useState<FieldError>();
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string>();
  const named = fieldOf(error);
  const known = FIELDS.some((field) => field.field === named);
  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setSavedAt(undefined);
    try {
      const saved = await putJson<GlobalSettings>(PATH, bodyOf(form));
      setForm(formOf(saved));
      setSavedAt(new Date().toLocaleTimeString());
    } catch (caught) {
      setError(
        caught instanceof FieldError ? caught : new FieldError(0, 'network', String(caught), undefined),
      );
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="settings-form" onSubmit={(event) => void save(event)} noValidate>
      <datalist id="time-zones">
        {Intl.supportedValuesOf('timeZone').map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div class="settings-grid">
        {FIELDS.map((field) => (
          <Field
            key={field.field}
            id={`setting-${field.field.replace('.', '-')}`}
            field={field.field}
            label={field.label}
            value={form[field.field]}
            hint={hintOf(field, form)}
            error={named === field.field ? error?.message : undefined}
            inputMode={field.field.includes('window') ? 'numeric' : 'text'}
            list={field.field === 'timezone' ? 'time-zones' : undefined}
            onInput={(value) => setForm({ ...form, [field.field]: value })}
          />
        ))}
      </div>
      {error && !known && (
        <p class="field-error" role="alert">
          Not saved: {error.message}
        </p>
      )}
      <div class="settings-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        <p class="settings-saved" role="status">
          {savedAt && `Saved at ${savedAt}. The metrics are re-derived with these settings.`}
        </p>
      </div>
    </form>
  );
}
