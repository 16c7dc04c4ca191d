'use client'
import type { JSONFieldClientComponent } from 'payload'

import { Banner, Button, FieldError, useField, useFormFields } from '@payloadcms/ui'
import { useId, useState } from 'react'

import type { AdapterField } from '../../types'

import { usePlatforms } from '../usePlatforms'

import './index.css'

type Values = Record<string, string | number>

const asValues = (value: unknown): Values =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Values) : {}

/** One declared field as a labelled input; secrets are masked and never prefilled. */
const DeclaredInput = ({
  field,
  value,
  onChange,
}: {
  field: AdapterField
  value: string | number | undefined
  onChange: (v: string | number | undefined) => void
}) => {
  const id = useId()
  const type =
    field.type === 'secret'
      ? 'password'
      : field.type === 'number'
        ? 'number'
        : field.type === 'url'
          ? 'url'
          : 'text'
  return (
    <div className="field-type text publishing-declared__field">
      <label className="field-label" htmlFor={id}>
        {field.label}
        {field.required ? <span className="required"> *</span> : null}
      </label>
      <div className="field-type__wrap">
        <input
          id={id}
          name={field.name}
          type={type}
          autoComplete={field.type === 'secret' ? 'new-password' : 'off'}
          required={field.required}
          value={value ?? ''}
          onChange={(event) => {
            const raw = event.target.value
            onChange(raw === '' ? undefined : field.type === 'number' ? Number(raw) : raw)
          }}
        />
      </div>
      {field.description ? <p className="field-description">{field.description}</p> : null}
    </div>
  )
}

const usePlatformFields = (kind: 'configFields' | 'credentialFields') => {
  const platform = useFormFields(([fields]) => fields.platform?.value as string | undefined)
  const { platforms, error } = usePlatforms()
  const adapter = platforms?.find((p) => p.platform === platform)
  return { platform, adapter, fields: adapter?.[kind] ?? null, error }
}

/**
 * The integration's `config`, edited as the fields its platform declares (stored flat, e.g.
 * `{ url }`). Nothing shows until a platform is chosen.
 */
export const ConfigField: JSONFieldClientComponent = ({ path, field }) => {
  const fieldPath = path ?? field.name
  const { value, setValue, showError, errorMessage } = useField<Values>({ path: fieldPath })
  const { platform, adapter, fields, error } = usePlatformFields('configFields')
  if (!platform) return null
  if (error) return <Banner type="error">Could not load the platform's settings: {error}</Banner>
  if (!fields) return <p>Loading the settings of {platform}…</p>
  const values = asValues(value)
  return (
    <fieldset className="publishing-declared">
      <legend className="field-label">{adapter?.label} settings</legend>
      {showError ? <FieldError message={errorMessage} path={fieldPath} showError /> : null}
      {fields.length === 0 ? <p>This platform needs no settings.</p> : null}
      {fields.map((declared) => (
        <DeclaredInput
          key={declared.name}
          field={declared}
          value={values[declared.name]}
          onChange={(next) => {
            const { [declared.name]: _old, ...rest } = values
            setValue(next === undefined ? rest : { ...rest, [declared.name]: next })
          }}
        />
      ))}
    </fieldset>
  )
}

/**
 * The integration's credentials, write-only: once set they show as "set" and can be replaced,
 * never read back. Stored flat (e.g. `{ signingSecret }`), sealed on the server.
 */
export const CredentialsField: JSONFieldClientComponent = ({ path, field }) => {
  const fieldPath = path ?? field.name
  const { value, setValue, showError, errorMessage } = useField<Values | null>({ path: fieldPath })
  const hasCredentials = useFormFields(([fields]) => Boolean(fields.hasCredentials?.value))
  const { platform, adapter, fields, error } = usePlatformFields('credentialFields')
  const [replacing, setReplacing] = useState(false)
  if (!platform) return null
  if (error) return <Banner type="error">Could not load the platform's credentials: {error}</Banner>
  if (!fields) return <p>Loading the credentials of {platform}…</p>
  if (fields.length === 0) return null
  const values = asValues(value)
  const editing = !hasCredentials || replacing
  return (
    <fieldset className="publishing-declared">
      <legend className="field-label">{adapter?.label} credentials</legend>
      {showError ? <FieldError message={errorMessage} path={fieldPath} showError /> : null}
      {!editing ? (
        <div className="publishing-declared__set">
          <p>
            {fields.map((f) => f.label).join(', ')}: <strong>set</strong> (stored encrypted; never
            shown again).
          </p>
          <Button buttonStyle="secondary" size="small" onClick={() => setReplacing(true)}>
            Replace credentials
          </Button>
        </div>
      ) : (
        <>
          <p className="field-description">
            Write-only: saved encrypted, never shown again. Saving new values replaces the old ones.
          </p>
          {fields.map((declared) => (
            <DeclaredInput
              key={declared.name}
              field={declared}
              value={values[declared.name]}
              onChange={(next) => {
                const { [declared.name]: _old, ...rest } = values
                const updated = next === undefined ? rest : { ...rest, [declared.name]: next }
                setValue(Object.keys(updated).length ? updated : null)
              }}
            />
          ))}
          {hasCredentials ? (
            <Button
              buttonStyle="subtle"
              size="small"
              onClick={() => {
                setValue(null)
                setReplacing(false)
              }}
            >
              Keep the current credentials
            </Button>
          ) : null}
        </>
      )}
    </fieldset>
  )
}
