'use client'
import type { TextFieldClientComponent } from 'payload'

import { Banner, Button, FieldError, FieldLabel, useDocumentInfo, useField } from '@payloadcms/ui'

import { usePlatforms } from '../usePlatforms'

import './index.css'

const TYPE_LABELS: Record<string, string> = {
  cms: 'CMS',
  ecommerce: 'E-commerce',
  hosted: 'Hosted site',
  custom_api: 'Custom API',
}

/**
 * The integration's platform. A new destination starts here: one card per registered adapter;
 * choosing one shows that platform's settings and credentials below. Fixed once saved.
 */
export const PlatformField: TextFieldClientComponent = ({ path, field }) => {
  const { id } = useDocumentInfo()
  const { value, setValue, showError, errorMessage } = useField<string>({
    path: path ?? field.name,
  })
  const { platforms, error } = usePlatforms()
  const chosen = platforms?.find((p) => p.platform === value)
  // Settings and credentials belong to one platform: choosing another starts them afresh.
  const { setValue: setConfig } = useField<Record<string, unknown>>({ path: 'config' })
  const { setValue: setCredentials } = useField<Record<string, unknown> | null>({
    path: 'credentials',
  })
  const choose = (platform: string) => {
    if (platform === value) return
    setValue(platform)
    setConfig({})
    setCredentials(null)
  }

  if (id) {
    return (
      <div className="field-type publishing-platform">
        <FieldLabel label="Platform" />
        <p>
          <strong>{chosen?.label ?? value}</strong>{' '}
          {chosen ? `(${TYPE_LABELS[chosen.platformType] ?? chosen.platformType})` : ''}
        </p>
      </div>
    )
  }
  return (
    <fieldset className="field-type publishing-platform">
      <legend className="field-label">
        Platform <span className="required">*</span>
      </legend>
      {error ? <Banner type="error">Could not load the platforms: {error}</Banner> : null}
      {!platforms && !error ? <p>Loading platforms…</p> : null}
      {showError ? <FieldError message={errorMessage} path={path ?? field.name} showError /> : null}
      <ul className="publishing-platform__cards">
        {platforms?.map((platform) => {
          const selected = platform.platform === value
          return (
            <li key={platform.platform}>
              <button
                type="button"
                className={`publishing-platform__card${selected ? ' publishing-platform__card--selected' : ''}`}
                aria-pressed={selected}
                onClick={() => choose(platform.platform)}
              >
                <span className="publishing-platform__label">{platform.label}</span>
                <span className="publishing-platform__type">
                  {TYPE_LABELS[platform.platformType] ?? platform.platformType}
                </span>
                <span className="publishing-platform__description">{platform.description}</span>
              </button>
            </li>
          )
        })}
      </ul>
      {chosen ? (
        <p>
          Chosen: <strong>{chosen.label}</strong>.{' '}
          <Button buttonStyle="subtle" size="small" onClick={() => choose('')}>
            Choose another platform
          </Button>
        </p>
      ) : null}
    </fieldset>
  )
}
