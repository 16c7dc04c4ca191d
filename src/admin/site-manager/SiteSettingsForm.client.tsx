'use client'
import { Banner, Button, useConfig } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useId, useMemo, useState } from 'react'

import { apiRequest } from './api'

export type SiteSettingsValues = {
  name: string
  tagline: string
  description: string
  logo: number | null
  locale: string
  timezone: string
  defaultTemplate: string
}

type Props = {
  siteId: number
  initial: SiteSettingsValues
  templates: { label: string; value: string }[]
  media: { id: number; label: string }[]
  canEdit: boolean
}

const timeZones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf: (key: string) => string[] }).supportedValuesOf(
      'timeZone',
    )
  } catch {
    return ['UTC']
  }
}

/** The site's name, tagline, logo, locale, time zone and default template, edited in place. */
export const SiteSettingsForm = ({ siteId, initial, templates, media, canEdit }: Props) => {
  const { config } = useConfig()
  const router = useRouter()
  const id = useId()
  const zones = useMemo(timeZones, [])
  const [values, setValues] = useState(initial)
  const [state, setState] = useState<{
    saving: boolean
    message: { type: 'success' | 'error'; text: string } | null
  }>({ saving: false, message: null })
  const set = <K extends keyof SiteSettingsValues>(key: K, value: SiteSettingsValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }))
  const field = (
    key: 'name' | 'tagline' | 'locale',
    label: string,
    extra: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <div className="site-settings__field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        name={key}
        value={values[key]}
        onChange={(e) => set(key, e.target.value)}
        readOnly={!canEdit}
        {...extra}
      />
    </div>
  )
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setState({ saving: true, message: null })
    const { name, ...settings } = values
    const result = await apiRequest(config.routes.api, `/sites/${siteId}`, {
      method: 'PATCH',
      body: { name, settings },
    })
    setState({
      saving: false,
      message: result.ok
        ? { type: 'success', text: 'Site settings saved.' }
        : { type: 'error', text: result.message },
    })
    if (result.ok) router.refresh()
  }
  return (
    <form className="site-settings" onSubmit={submit} aria-label="Site settings">
      {field('name', 'Name', { required: true })}
      {field('tagline', 'Tagline')}
      <div className="site-settings__field">
        <label htmlFor={`${id}-logo`}>Logo</label>
        <select
          id={`${id}-logo`}
          name="logo"
          value={values.logo ?? ''}
          disabled={!canEdit}
          onChange={(e) => set('logo', e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">No logo</option>
          {media.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {field('locale', 'Locale', {
        placeholder: 'en',
        pattern: '[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*',
      })}
      <div className="site-settings__field">
        <label htmlFor={`${id}-timezone`}>Time zone</label>
        <input
          id={`${id}-timezone`}
          name="timezone"
          list={`${id}-zones`}
          value={values.timezone}
          onChange={(e) => set('timezone', e.target.value)}
          readOnly={!canEdit}
        />
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <div className="site-settings__field">
        <label htmlFor={`${id}-template`}>Default template</label>
        <select
          id={`${id}-template`}
          name="defaultTemplate"
          value={values.defaultTemplate}
          disabled={!canEdit}
          onChange={(e) => set('defaultTemplate', e.target.value)}
        >
          {templates.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      {canEdit ? (
        <div className="site-settings__actions">
          <Button type="submit" size="small" disabled={state.saving}>
            {state.saving ? 'Saving…' : 'Save settings'}
          </Button>
        </div>
      ) : (
        <p className="field-description">
          You may read these settings; only editors of this site and admins change them.
        </p>
      )}
      <div role="status">
        {state.message ? <Banner type={state.message.type}>{state.message.text}</Banner> : null}
      </div>
    </form>
  )
}
