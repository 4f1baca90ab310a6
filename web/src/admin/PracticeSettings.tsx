import { useState } from 'react';
import type { Location, Payer, Practice, Provider } from '../../../src/core/reference/reference.ts';
import { api } from '../shell/api.ts';
import { formatPhone } from '../shell/format.ts';
import { uncache, useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, PageTitle, useAsync } from '../shell/ui.tsx';
import { AddPayer, AddProvider } from './ReferenceForms.tsx';
import { SchedulingRules } from './SchedulingRules.tsx';

const address = (a: { line1: string; city: string; state: string; postalCode: string } | null): string => (a && a.line1 ? `${a.line1}, ${a.city}, ${a.state} ${a.postalCode}` : 'No address recorded');

/** The practice, its locations, providers and payers; managers add providers and payers here. */
export const PracticeSettings = () => {
  const { can } = useSession();
  const manage = can('reference.manage');
  const [adding, setAdding] = useState<'provider' | 'payer' | null>(null);
  const [message, setMessage] = useState<{ section: 'provider' | 'payer'; text: string } | null>(null);
  const data = useAsync(async (signal) => {
    const get = <T,>(path: string) => api<T>('GET', path, undefined, { signal });
    const [practice, locations, providers, payers] = await Promise.all([
      get<{ practice: Practice | null }>('/api/practice').then((r) => r.practice),
      get<{ locations: Location[] }>('/api/locations').then((r) => r.locations),
      get<{ providers: Provider[] }>('/api/providers').then((r) => r.providers),
      get<{ payers: Payer[] }>('/api/payers').then((r) => r.payers),
    ]);
    return { practice, locations, providers, payers };
  }, []);
  return (
    <section>
      <PageTitle>Practice settings</PageTitle>
      <AsyncView value={data} loading="Loading the practice settings…" errorTitle="The practice settings could not be loaded">
        {({ practice, locations, providers, payers }) => {
          const locationName = (id: string): string => locations.find((l) => l.id === id)?.name ?? 'Unknown location';
          return (
            <>
              <h2>Practice</h2>
              {practice ? (
                <dl className="facts">
                  <dt>Name</dt>
                  <dd>{practice.name}</dd>
                  <dt>NPI</dt>
                  <dd>{practice.npi}</dd>
                  <dt>Tax ID</dt>
                  <dd>{practice.taxId ?? 'Not recorded'}</dd>
                  <dt>Address</dt>
                  <dd>{address(practice.address)}</dd>
                  <dt>Phone</dt>
                  <dd>{practice.phone ? formatPhone(practice.phone) : 'Not recorded'}</dd>
                </dl>
              ) : (
                <Empty>The practice is not set up yet. Run “medoffice demo” or add it with the command line.</Empty>
              )}
              <h2>Locations ({locations.length})</h2>
              {locations.length === 0 ? (
                <Empty>No locations yet.</Empty>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Address</th>
                      <th scope="col">Phone</th>
                      <th scope="col">Time zone</th>
                      <th scope="col">Place of service</th>
                    </tr>
                  </thead>
                  <tbody>
                    {locations.map((l) => (
                      <tr key={l.id}>
                        <th scope="row">{l.name}</th>
                        <td>{address(l.address)}</td>
                        <td>{l.phone ? formatPhone(l.phone) : 'None'}</td>
                        <td>{l.timeZone}</td>
                        <td>{l.placeOfService}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="section-head">
                <h2>Providers ({providers.length})</h2>
                {manage && adding !== 'provider' && (
                  <button className="btn primary" type="button" onClick={() => (setAdding('provider'), setMessage(null))}>
                    Add provider
                  </button>
                )}
              </div>
              {message?.section === 'provider' && <Notice kind="ok">{message.text}</Notice>}
              {adding === 'provider' && (
                <AddProvider
                  locations={locations}
                  onCancel={() => setAdding(null)}
                  onAdded={(p) => {
                    setAdding(null);
                    setMessage({ section: 'provider', text: `${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''} is added to the providers (NPI ${p.npi}).` });
                    data.reload();
                  }}
                />
              )}
              {providers.length === 0 ? (
                <Empty>No providers yet.</Empty>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Specialty</th>
                      <th scope="col">NPI</th>
                      <th scope="col">Locations</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {providers.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">
                          {p.givenName} {p.familyName}
                          {p.credentials ? `, ${p.credentials}` : ''}
                        </th>
                        <td>{p.specialty}</td>
                        <td>{p.npi}</td>
                        <td>{p.locationIds.map(locationName).join(', ') || 'None'}</td>
                        <td>{p.active ? 'Active' : 'Inactive'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="section-head">
                <h2>Payers ({payers.length})</h2>
                {manage && adding !== 'payer' && (
                  <button className="btn primary" type="button" onClick={() => (setAdding('payer'), setMessage(null))}>
                    Add payer
                  </button>
                )}
              </div>
              {message?.section === 'payer' && <Notice kind="ok">{message.text}</Notice>}
              {adding === 'payer' && (
                <AddPayer
                  onCancel={() => setAdding(null)}
                  onAdded={(p) => {
                    setAdding(null);
                    setMessage({ section: 'payer', text: `${p.name} is added to the payers. Staff can choose it for coverages now.` });
                    // Coverage forms read the payer list once per session: read it again.
                    uncache('payers');
                    data.reload();
                  }}
                />
              )}
              {payers.length === 0 ? (
                <Empty>No payers yet.</Empty>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Payer ID</th>
                      <th scope="col">Plan types</th>
                      <th scope="col">Phone</th>
                    </tr>
                  </thead>
                  <tbody>
                    {payers.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">{p.name}</th>
                        <td>{p.payerCode}</td>
                        <td>{p.planTypes.join(', ')}</td>
                        <td>{p.phone ? formatPhone(p.phone) : 'None'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {can('schedule.read') && <SchedulingRules locations={locations} providers={providers} payers={payers} />}
            </>
          );
        }}
      </AsyncView>
    </section>
  );
};
