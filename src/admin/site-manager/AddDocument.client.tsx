'use client'
import { Banner, Button, useConfig } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useId, useState } from 'react'

import { apiRequest } from './api'

type Props = {
  siteId: number
  collection: 'pages' | 'posts'
  /** Pages: the templates to choose from, and the site's default. */
  templates?: { label: string; value: string }[]
  defaultTemplate?: string
}

/** "Add a page" / "Add a post": a title (and a template), saved as a draft, then the editor opens. */
export const AddDocument = ({ siteId, collection, templates, defaultTemplate }: Props) => {
  const { config } = useConfig()
  const router = useRouter()
  const id = useId()
  const noun = collection === 'pages' ? 'page' : 'post'
  const [title, setTitle] = useState('')
  const [template, setTemplate] = useState(defaultTemplate ?? 'default')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!title.trim()) return setError(`Give the ${noun} a title.`)
    setSaving(true)
    setError(null)
    const body = {
      title: title.trim(),
      site: siteId,
      _status: 'draft',
      ...(templates ? { template } : {}),
    }
    const result = await apiRequest<{ doc: { id: number } }>(
      config.routes.api,
      `/${collection}?draft=true`,
      { method: 'POST', body },
    )
    if (!result.ok) {
      setSaving(false)
      return setError(result.message)
    }
    router.push(`${config.routes.admin}/collections/${collection}/${result.data.doc.id}`)
  }
  return (
    <form className="site-manager__add" onSubmit={submit} aria-label={`Add a ${noun}`}>
      <label htmlFor={`${id}-title`}>New {noun} title</label>
      <input
        id={`${id}-title`}
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
      />
      {templates ? (
        <>
          <label htmlFor={`${id}-template`}>Template</label>
          <select
            id={`${id}-template`}
            name="template"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
          >
            {templates.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <Button type="submit" size="small" disabled={saving}>
        {saving ? 'Adding…' : `Add ${noun}`}
      </Button>
      {error ? <Banner type="error">{error}</Banner> : null}
    </form>
  )
}
