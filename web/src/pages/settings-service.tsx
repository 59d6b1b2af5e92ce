/** One service of the catalog: its row, and for admin tokens a form that replaces its entry. */
import { useState } from 'preact/hooks';
import { FieldError, putJson } from '../api-write.ts';
import type { ServiceEntry } from '../settings-types.ts';
import { durationText, Field, fieldOf, listOf, listText, numberOf } from './settings-fields.tsx';

const FIELDS = [
  { field: 'team', label: 'Team' },
  { field: 'application', label: 'Application' },
  { field: 'production_environments', label: 'Production environments (comma-separated)' },
  { field: 'repositories', label: 'Repositories (comma-separated)' },
  { field: 'settings.production_pattern', label: 'Own production pattern (empty: the global one)' },
  { field: 'settings.attribution_window_seconds', label: 'Own attribution window, seconds (empty: global)' },
  { field: 'settings.counted_severities', label: 'Own counted severities (empty: global)' },
] as const;

type Form = Record<(typeof FIELDS)[number]['field'], string>;

const formOf = (service: ServiceEntry): Form => ({
  team: service.team ?? '',
  application: service.application ?? '',
  production_environments: listText(service.production_environments),
  repositories: listText(service.repositories),
  'settings.production_pattern': service.settings.production_pattern ?? '',
  'settings.attribution_window_seconds': service.settings.attribution_window_seconds?.toString() ?? '',
  'settings.counted_severities': listText(service.settings.counted_severities),
});

/** PUT replaces the entry: every field is sent, an empty override left out (the global value applies). */
function bodyOf(form: Form) {
  const settings: Record<string, unknown> = {};
  const pattern = form['settings.production_pattern'];
  if (pattern.trim() !== '') settings.production_pattern = pattern;
  const window = form['settings.attribution_window_seconds'];
  if (window.trim() !== '') settings.attribution_window_seconds = numberOf(window);
  const severities = listOf(form['settings.counted_severities']);
  if (severities.length > 0) settings.counted_severities = severities;
  return {
    team: form.team.trim() || null,
    application: form.application.trim() || null,
    production_environments: listOf(form.production_environments),
    repositories: listOf(form.repositories),
    settings,
  };
}

function overrides(service: ServiceEntry): string {
  const { production_pattern, attribution_window_seconds, counted_severities } = service.settings;
  const parts = [
    production_pattern === undefined ? '' : `pattern ${production_pattern}`,
    attribution_window_seconds === undefined ? '' : `attribution ${durationText(attribution_window_seconds)}`,
    counted_severities === undefined ? '' : `severities ${counted_severities.join(', ')}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : '—';
}

/** A service name as part of an element id (ids hold no spaces). */
const slug = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_');

const dash = (text: string | undefined) => (text ? text : '—');

interface RowProps {
  service: ServiceEntry;
  editable: boolean;
  editing: boolean;
  onEdit: (name: string | undefined) => void;
}

const editFormId = (name: string) => `edit-${slug(name)}`;

export function ServiceRow({ service, editable, editing, onEdit }: RowProps) {
  return (
    <tr data-service={service.name}>
      <th scope="row">{service.name}</th>
      <td>{dash(service.team)}</td>
      <td>{dash(service.application)}</td>
      <td>{dash(listText(service.production_environments))}</td>
      <td>{dash(listText(service.repositories))}</td>
      <td>{overrides(service)}</td>
      {editable && (
        <td>
          <button
            type="button"
            class="link-button"
            aria-expanded={editing}
            aria-controls={editing ? editFormId(service.name) : undefined}
            onClick={() => onEdit(editing ? undefined : service.name)}
          >
            {editing ? 'Close' : 'Edit'}
            <span class="visually-hidden"> {service.name}</span>
          </button>
        </td>
      )}
    </tr>
  );
}

interface FormProps {
  service: ServiceEntry;
  onSaved: (service: ServiceEntry) => void;
  onCancel: () => void;
}

export function ServiceForm({ service, onSaved, onCancel }: FormProps) {
  const [form, setForm] = useState(() => formOf(service));
  const [error, setError] = useState<FieldError>();
  const [saving, setSaving] = useState(false);
  const named = fieldOf(error);
  const known = FIELDS.some((field) => field.field === named);
  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      onSaved(
        await putJson<ServiceEntry>(`/api/v1/services/${encodeURIComponent(service.name)}`, bodyOf(form)),
      );
    } catch (caught) {
      setError(
        caught instanceof FieldError ? caught : new FieldError(0, 'network', String(caught), undefined),
      );
    } finally {
      setSaving(false);
    }
  };
  const idOf = (field: string) => `service-${slug(service.name)}-${field.replace('.', '-')}`;
  return (
    <form
      id={editFormId(service.name)}
      class="settings-form service-form"
      aria-labelledby={`${editFormId(service.name)}-title`}
      onSubmit={(event) => void save(event)}
      noValidate
    >
      <h3 id={`${editFormId(service.name)}-title`}>Edit {service.name}</h3>
      <div class="settings-grid">
        {FIELDS.map((field) => (
          <Field
            key={field.field}
            id={idOf(field.field)}
            field={field.field}
            label={field.label}
            value={form[field.field]}
            error={named === field.field ? error?.message : undefined}
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
          {saving ? 'Saving…' : `Save ${service.name}`}
        </button>
        <button type="button" class="link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
