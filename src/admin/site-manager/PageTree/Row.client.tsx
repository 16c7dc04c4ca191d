'use client'
import { useSortable } from '@dnd-kit/sortable'
import { CSS as DndCSS } from '@dnd-kit/utilities'
import { Button } from '@payloadcms/ui'

import { RecordStatusPill } from '@plugins/publishing/exports/client'

import type { FlatPage, KeyboardMove } from './tree'

/** Indentation of one level, in pixels; dragging this far sideways changes the level. */
export const INDENT = 28

/**
 * One page of the tree: a drag handle (pointer or keyboard), its title (opens the editor), its
 * status, its template, one-step move buttons, Open and Remove.
 */
export const Row = ({
  page,
  templates,
  busy,
  onMove,
  onTemplate,
  onRemove,
  adminRoute,
}: {
  page: FlatPage
  templates: { label: string; value: string }[]
  busy: boolean
  onMove: (id: number, move: KeyboardMove) => void
  onTemplate: (page: FlatPage, template: string) => void
  onRemove: (page: FlatPage) => void
  adminRoute: string
}) => {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({ id: page.id })
  const style = {
    transform: DndCSS.Translate.toString(transform),
    transition,
    marginLeft: page.depth * INDENT,
  }
  const templateId = `template-${page.id}`
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`page-tree__row${isDragging ? ' page-tree__row--dragging' : ''}`}
      data-page-id={page.id}
      data-depth={page.depth}
    >
      <span className="sr-only">Level {page.depth + 1}: </span>
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="page-tree__handle"
        aria-label={`Drag ${page.title} to reorder or change its parent`}
        {...attributes}
        {...listeners}
      >
        ⠿
      </button>
      <a className="page-tree__title" href={`${adminRoute}/collections/pages/${page.id}`}>
        {page.title}
      </a>
      <RecordStatusPill status={page.status === 'published' ? 'published' : 'draft'} />
      <label className="page-tree__template" htmlFor={templateId}>
        <span className="sr-only">Template of {page.title}</span>
        <select
          id={templateId}
          value={page.template ?? 'default'}
          disabled={busy}
          onChange={(e) => onTemplate(page, e.target.value)}
        >
          {templates.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <span className="page-tree__moves" role="group" aria-label={`Move ${page.title}`}>
        <button
          type="button"
          aria-disabled={busy}
          onClick={() => onMove(page.id, 'up')}
          aria-label={`Move ${page.title} up`}
          title="Move up"
        >
          ↑
        </button>
        <button
          type="button"
          aria-disabled={busy}
          onClick={() => onMove(page.id, 'down')}
          aria-label={`Move ${page.title} down`}
          title="Move down"
        >
          ↓
        </button>
        <button
          type="button"
          aria-disabled={busy}
          onClick={() => onMove(page.id, 'indent')}
          aria-label={`Move ${page.title} under the page above`}
          title="Make a sub-page of the page above"
        >
          →
        </button>
        <button
          type="button"
          aria-disabled={busy}
          onClick={() => onMove(page.id, 'outdent')}
          aria-label={`Move ${page.title} out one level`}
          title="Move out one level"
        >
          ←
        </button>
      </span>
      <Button
        buttonStyle="subtle"
        size="small"
        el="anchor"
        url={`${adminRoute}/collections/pages/${page.id}`}
      >
        Open<span className="sr-only"> {page.title}</span>
      </Button>
      <Button buttonStyle="error" size="small" disabled={busy} onClick={() => onRemove(page)}>
        Remove<span className="sr-only"> {page.title}</span>
      </Button>
    </li>
  )
}
