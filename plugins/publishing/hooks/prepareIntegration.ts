import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import type { AdapterField } from '../types'

import { registryOf } from '../registry'

type FieldError = { path: string; message: string }

/** Checks values against an adapter's declared fields; returns field errors under `prefix`. */
export const checkDeclaredFields = (
  fields: AdapterField[],
  values: Record<string, unknown>,
  prefix: string,
  { requireAll }: { requireAll: boolean },
): FieldError[] => {
  const errors: FieldError[] = []
  const known = new Set(fields.map((f) => f.name))
  for (const key of Object.keys(values)) {
    if (!known.has(key))
      errors.push({
        path: `${prefix}.${key}`,
        message: `"${key}" is not a setting of this platform.`,
      })
  }
  for (const field of fields) {
    const value = values[field.name]
    const empty = value === undefined || value === null || value === ''
    if (empty) {
      if (field.required && requireAll)
        errors.push({ path: `${prefix}.${field.name}`, message: `${field.label} is required.` })
      continue
    }
    if (field.type === 'number' ? typeof value !== 'number' : typeof value !== 'string') {
      errors.push({
        path: `${prefix}.${field.name}`,
        message: `${field.label} must be a ${field.type === 'number' ? 'number' : 'text'}.`,
      })
    } else if (field.type === 'url' && !/^https?:\/\/[^\s/]+/i.test(String(value))) {
      errors.push({
        path: `${prefix}.${field.name}`,
        message: `${field.label} must be an http:// or https:// URL.`,
      })
    }
  }
  return errors
}

const asObject = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null

/**
 * Ties an integration to its adapter: the platform must be registered (and cannot change), the
 * platform type comes from the adapter, and `config` and `credentials` must fit its declared fields.
 */
export const prepareIntegration: CollectionBeforeValidateHook = ({
  data,
  operation,
  originalDoc,
  req,
  collection,
}) => {
  if (!data) return data
  const platform = String(data.platform ?? originalDoc?.platform ?? '')
  const errors: FieldError[] = []
  const adapter = registryOf(req.payload).adapters.get(platform)
  if (originalDoc?.platform && data.platform && data.platform !== originalDoc.platform) {
    errors.push({
      path: 'platform',
      message: 'The platform of an integration cannot change; create a new integration instead.',
    })
  } else if (!adapter) {
    const known = [...registryOf(req.payload).adapters.keys()].join(', ') || 'none'
    errors.push({
      path: 'platform',
      message: `Unknown platform "${platform}". Registered platforms: ${known}.`,
    })
  }
  if (adapter) {
    data.platformType = adapter.platformType
    if (data.config !== undefined || operation === 'create') {
      const config = asObject(data.config ?? {})
      if (!config)
        errors.push({ path: 'config', message: 'Settings must be an object of named values.' })
      else
        errors.push(
          ...checkDeclaredFields(adapter.configFields, config, 'config', { requireAll: true }),
        )
    }
    if (data.credentials !== undefined && data.credentials !== null) {
      const credentials = asObject(data.credentials)
      if (!credentials)
        errors.push({
          path: 'credentials',
          message: 'Credentials must be an object of named values.',
        })
      else
        errors.push(
          ...checkDeclaredFields(adapter.credentialFields, credentials, 'credentials', {
            requireAll: true,
          }),
        )
    } else if (operation === 'create' && adapter.credentialFields.some((f) => f.required)) {
      errors.push({
        path: 'credentials',
        message: `This platform needs credentials: ${adapter.credentialFields
          .filter((f) => f.required)
          .map((f) => f.label)
          .join(', ')}.`,
      })
    }
  }
  if (errors.length) throw new ValidationError({ collection: collection.slug, errors, req })
  return data
}
