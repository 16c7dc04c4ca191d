import type { Payload, TypedUser } from 'payload'

import { Pill } from '@payloadcms/ui'

import { registryOf } from '../../registry'
import { defaultRuleSentence } from '../describeRules'
import { loadSitePublishing, type SitePublishing } from './loadSitePublishing'

import './index.css'

type Props = {
  payload: Payload
  user: TypedUser | null | undefined
  site: number
  /** Admins get links to edit; editors read. */
  canEdit: boolean
  adminRoute: string
  /** Off where the destinations are already listed with their health (the Site Manager). */
  showDestinations?: boolean
  /** The destinations and rules, when the caller has loaded them already (then nothing is read here). */
  data?: SitePublishing
}

/**
 * A site's publishing settings in plain words: its destinations, then one row per rule saying
 * which content goes where, on which conditions, and what happens when it is unpublished.
 */
export const SitePublishingSettings = async ({
  payload,
  user,
  site,
  canEdit,
  adminRoute,
  showDestinations = true,
  data,
}: Props) => {
  const { destinations, rules } = data ?? (await loadSitePublishing(payload, user, site))
  return (
    <section className="publishing-settings" aria-labelledby={`publishing-settings-${site}`}>
      <h3 id={`publishing-settings-${site}`}>Publishing settings</h3>
      {showDestinations ? <h4>Destinations</h4> : null}
      {!showDestinations ? null : destinations.length ? (
        <ul className="publishing-settings__destinations">
          {destinations.map((d) => (
            <li key={d.id}>
              {canEdit ? (
                <a href={`${adminRoute}/collections/integrations/${d.id}`}>{d.name}</a>
              ) : (
                d.name
              )}{' '}
              ({d.platform})
              {d.isActive ? null : (
                <Pill size="small" pillStyle="light-gray">
                  Disabled
                </Pill>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>No destinations yet.</p>
      )}
      <h4>Rules</h4>
      {rules.filter((r) => r.enabled).length === 0 ? (
        <p>
          {defaultRuleSentence(
            [...registryOf(payload).options.traits.values()].map((c) => c.plural),
          )}
        </p>
      ) : null}
      {rules.length ? (
        <div className="publishing-settings__scroll">
          <table className="publishing-settings__rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Content</th>
                <th scope="col">Conditions</th>
                <th scope="col">Destinations</th>
                <th scope="col">When</th>
                <th scope="col">On unpublish</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr
                  key={rule.id}
                  className={rule.enabled ? undefined : 'publishing-settings__disabled'}
                >
                  <th scope="row">
                    {canEdit ? (
                      <a href={`${adminRoute}/collections/publishing-rules/${rule.id}`}>
                        {rule.name}
                      </a>
                    ) : (
                      rule.name
                    )}
                    {rule.enabled ? null : ' (disabled)'}
                  </th>
                  <td>{rule.content}</td>
                  <td>{rule.conditions}</td>
                  <td>
                    {rule.destinations}, {rule.remote}
                  </td>
                  <td>{rule.when}</td>
                  <td>{rule.onUnpublish}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canEdit ? (
        <p className="publishing-settings__links">
          <a href={`${adminRoute}/collections/publishing-rules/create`}>Add a rule</a>
          {' · '}
          <a href={`${adminRoute}/collections/integrations/create`}>Add a destination</a>
        </p>
      ) : (
        <p className="field-description">Only admins change destinations and rules.</p>
      )}
    </section>
  )
}
