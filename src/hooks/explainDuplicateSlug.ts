import type { AfterErrorHook } from 'payload'

import { ValidationError } from 'payload'

type FieldError = { path: string; message: string }

/**
 * When two saves race for the same slug, the unique index on (site, slug) refuses the second and
 * Payload reports "Value must be unique" on "site_id, slug". This turns that into the same field
 * message the ordinary validation gives, on the `slug` field.
 */
export const explainDuplicateSlug =
  (noun: string): AfterErrorHook =>
  ({ error, req, result }) => {
    if (!(error instanceof ValidationError) || !result) return
    const errors = (error.data as { errors?: FieldError[] }).errors ?? []
    const index = errors.findIndex((e) => /\bslug\b/.test(e.path) && /site/.test(e.path))
    if (index === -1) return
    const slug = (req.data as { slug?: unknown } | undefined)?.slug
    const taken = typeof slug === 'string' && slug !== '' ? `The slug "${slug}"` : 'This slug'
    errors[index] = {
      path: 'slug',
      message: `${taken} is already used by another ${noun} of this site. Choose another slug.`,
    }
    return {
      response: {
        ...result,
        errors: [{ ...result.errors[0], message: 'The following field is invalid: slug' }],
      },
    }
  }
