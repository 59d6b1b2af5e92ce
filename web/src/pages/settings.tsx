/**
 * Settings: the global metric settings and the service catalog, read-only for read tokens and
 * editable for admin tokens (whoami says which), with the API's validation messages at the field.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../components/status.tsx';
import type { GlobalSettings, ServiceEntry } from '../settings-types.ts';
import '../styles/settings.css';
import { useApi } from '../use-api.ts';
import { isAdmin, scopesText, useWhoami } from '../use-whoami.ts';
import { GlobalSettingsForm, GlobalSettingsView } from './settings-global.tsx';
import { ServiceForm, ServiceRow } from './settings-service.tsx';

export function Settings() {
  const who = useWhoami();
  const settings = useApi<GlobalSettings>('/api/v1/settings');
  const editable = who.state === 'ok' && isAdmin(who.data);
  return (
    <main id="main" class="settings-page">
      <h1 class="page-title">Settings</h1>
      {who.state === 'ok' && (
        <p class="settings-access" data-editable={editable ? 'true' : 'false'}>
          {editable
            ? 'This token holds the admin scope: you may change the settings and the catalog.'
            : `Read-only: changing settings needs the admin scope; this token has: ${scopesText(who.data)}.`}
        </p>
      )}
      <section aria-labelledby="metric-settings">
        <h2 id="metric-settings">Metric settings</h2>
        <p class="settings-note">
          Changing the time zone or the production rules (the pattern, a service’s production environments)
          re-derives the metrics: deployments are classified again and incidents attributed again when you
          save, which takes a moment on a long history. A configuration file applied at start-up wins over
          changes made here.
        </p>
        {settings.state === 'loading' && <Loading what="settings" />}
        {settings.state === 'error' && <ErrorState error={settings.error} retrying={settings.retrying} />}
        {settings.state === 'ok' &&
          (editable ? (
            <GlobalSettingsForm settings={settings.data} />
          ) : (
            <GlobalSettingsView settings={settings.data} />
          ))}
      </section>
      <Catalog editable={editable} />
    </main>
  );
}

function Catalog({ editable }: { editable: boolean }) {
  const load = useApi<{ services: ServiceEntry[] }>('/api/v1/services');
  const [services, setServices] = useState<ServiceEntry[]>([]);
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<string>();
  useEffect(() => {
    if (load.state === 'ok') setServices(load.data.services);
  }, [load]);
  const onSaved = (service: ServiceEntry) => {
    setServices((previous) => previous.map((known) => (known.name === service.name ? service : known)));
    setEditing(undefined);
    setSaved(`Saved ${service.name}. Its metrics are re-derived with the new entry.`);
  };
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Service catalog</h2>
      <p class="settings-note">
        Which team and application each service belongs to, which of its environments are production, and its
        repositories. A service’s own settings replace the global ones for it.
      </p>
      <p class="settings-saved" role="status">
        {saved}
      </p>
      {load.state === 'loading' && <Loading what="the catalog" />}
      {load.state === 'error' && <ErrorState error={load.error} retrying={load.retrying} />}
      {load.state === 'ok' && services.length === 0 && (
        <p class="muted">
          No service yet: services appear once events name them, or from the configuration file.
        </p>
      )}
      {services.length > 0 && (
        <div
          class="table-wrap"
          data-scrolls
          tabIndex={0}
          role="region"
          aria-label="Service catalog, scrollable"
        >
          <table class="catalog">
            <caption class="visually-hidden">
              Services with their team, application and production rules
            </caption>
            <thead>
              <tr>
                {[
                  'Service',
                  'Team',
                  'Application',
                  'Production environments',
                  'Repositories',
                  'Own settings',
                ].map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
                {editable && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {services.map((service) => (
                <ServiceRow
                  key={service.name}
                  service={service}
                  editable={editable}
                  editing={editing === service.name}
                  onEdit={(name) => {
                    setSaved(undefined);
                    setEditing(name);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== undefined && services.some((service) => service.name === editing) && (
        <ServiceForm
          key={editing}
          service={services.find((service) => service.name === editing)!}
          onSaved={onSaved}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}
