'use client'
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core'
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { Banner, ConfirmationModal, useConfig, useModal } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useMemo, useState } from 'react'

import { apiRequest } from '../api'
import { INDENT, Row } from './Row.client'
import {
  descendantsOf,
  dropMove,
  flatten,
  keyboardMove,
  persistPlan,
  type FlatPage,
  type KeyboardMove,
  type Move,
  type TreePage,
} from './tree'

import './index.css'

type Props = {
  siteId: number
  pages: TreePage[]
  templates: { label: string; value: string }[]
  /** Per page: what removing it does at each destination holding a copy. */
  removal: Record<number, string[]>
}

/**
 * The site's pages as a tree in their order. Drag a page (pointer, or keyboard: Space, arrows,
 * Space) to reorder it, and to the right or left to change its parent; the arrow buttons do the
 * same one step at a time. Order goes through `POST /api/reorder`, parents through a PATCH.
 */
export const PageTree = ({ siteId, pages, templates, removal }: Props) => {
  const { config } = useConfig()
  const api = config.routes.api
  const adminRoute = config.routes.admin
  const router = useRouter()
  const { openModal } = useModal()
  const flat = useMemo(() => flatten(pages), [pages])
  const [optimistic, setOptimistic] = useState<FlatPage[] | null>(null)
  const [activeId, setActiveId] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const [removing, setRemoving] = useState<FlatPage | null>(null)
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const shown = optimistic ?? flat
  const hidden = activeId !== null ? descendantsOf(shown, activeId) : new Set<number>()
  const visible = shown.filter((p) => !hidden.has(p.id))
  const draftOf = (id: number) => flat.find((p) => p.id === id)?.status !== 'published'

  const persist = async (move: Move, label: string) => {
    const plan = persistPlan(flat, move)
    if (!plan.parentChanged && !plan.reorder) return
    setBusy(true)
    setMessage(null)
    const draft = draftOf(move.id) ? '?draft=true' : ''
    if (plan.parentChanged) {
      const result = await apiRequest(api, `/pages/${move.id}${draft}`, {
        method: 'PATCH',
        body: { parent: move.parent },
      })
      if (!result.ok) return fail(`Could not move ${label}: ${result.message}`)
    }
    if (plan.reorder) {
      const result = await apiRequest(api, '/reorder', {
        method: 'POST',
        body: {
          collectionSlug: 'pages',
          docsToMove: [move.id],
          orderableFieldName: '_order',
          ...plan.reorder,
        },
      })
      if (!result.ok) return fail(`Could not reorder ${label}: ${result.message}`)
    }
    setBusy(false)
    setMessage({ type: 'success', text: `Moved ${label}.` })
    router.refresh()
  }
  const fail = (text: string) => {
    setBusy(false)
    setOptimistic(null)
    setMessage({ type: 'error', text })
    router.refresh()
  }

  const onDragStart = (event: DragStartEvent) => setActiveId(Number(event.active.id))
  const onDragEnd = (event: DragEndEvent) => {
    setActiveId(null)
    const { active, over, delta } = event
    if (!over) return
    const from = visible.findIndex((p) => p.id === active.id)
    const to = visible.findIndex((p) => p.id === over.id)
    if (from < 0 || to < 0) return
    const moved = arrayMove(visible, from, to)
    const page = visible[from]
    const move = dropMove(moved, to, page.depth + Math.round(delta.x / INDENT))
    if (from === to && move.parent === page.parent) return
    const subtree = shown.filter((p) => hidden.has(p.id))
    const depthShift =
      (move.parent === null ? 0 : (moved.find((p) => p.id === move.parent)?.depth ?? -1) + 1) -
      page.depth
    const next = moved.flatMap((p) =>
      p.id === page.id
        ? [
            { ...p, parent: move.parent, depth: p.depth + depthShift },
            ...subtree.map((c) => ({ ...c, depth: c.depth + depthShift })),
          ]
        : [p],
    )
    setOptimistic(next)
    void persist(move, page.title).finally(() => setOptimistic(null))
  }

  const onMove = (id: number, step: KeyboardMove) => {
    if (busy) return
    const move = keyboardMove(flat, id, step)
    const page = flat.find((p) => p.id === id)
    if (!move || !page) {
      setMessage({
        type: 'error',
        text: `${page?.title ?? 'This page'} cannot move ${step === 'indent' ? 'in' : step === 'outdent' ? 'out' : step} from here.`,
      })
      return
    }
    // The buttons stay enabled (aria-disabled while busy) so that focus stays on the one pressed.
    void persist(move, page.title)
  }

  const onTemplate = async (page: FlatPage, template: string) => {
    setBusy(true)
    const draft = page.status !== 'published' ? '?draft=true' : ''
    const result = await apiRequest(api, `/pages/${page.id}${draft}`, {
      method: 'PATCH',
      body: { template },
    })
    setBusy(false)
    setMessage(
      result.ok
        ? { type: 'success', text: `${page.title} now uses the ${template} template.` }
        : { type: 'error', text: `Could not change the template: ${result.message}` },
    )
    router.refresh()
  }

  const onRemove = (page: FlatPage) => {
    setRemoving(page)
    openModal('remove-page')
  }
  const confirmRemove = async () => {
    if (!removing) return
    const result = await apiRequest(api, `/pages/${removing.id}`, { method: 'DELETE' })
    setMessage(
      result.ok
        ? { type: 'success', text: `Removed ${removing.title}.` }
        : { type: 'error', text: `Could not remove ${removing.title}: ${result.message}` },
    )
    setRemoving(null)
    router.refresh()
  }

  const consequences = removing ? (removal[removing.id] ?? []) : []
  const children = removing ? flat.filter((p) => p.parent === removing.id).length : 0
  return (
    <div className="page-tree" data-site={siteId}>
      <p className="field-description" id="page-tree-help">
        Drag a page by its handle to reorder it; drag it right or left to put it under another page
        or out of one. With the keyboard: focus the handle, press Space, move with the arrow keys
        and press Space again, or use the arrow buttons.
      </p>
      {message ? (
        <div role="status">
          <Banner type={message.type}>{message.text}</Banner>
        </div>
      ) : null}
      {visible.length === 0 ? <p>No pages yet.</p> : null}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveId(null)}
      >
        <SortableContext items={visible.map((p) => p.id)} strategy={verticalListSortingStrategy}>
          <ol className="page-tree__list" aria-describedby="page-tree-help" aria-busy={busy}>
            {visible.map((page) => (
              <Row
                key={page.id}
                page={page}
                templates={templates}
                busy={busy}
                onMove={onMove}
                onTemplate={onTemplate}
                onRemove={onRemove}
                adminRoute={adminRoute}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <ConfirmationModal
        modalSlug="remove-page"
        heading={removing ? `Remove “${removing.title}”?` : 'Remove this page?'}
        confirmLabel="Remove page"
        onConfirm={confirmRemove}
        onCancel={() => setRemoving(null)}
        body={
          <div>
            <p>The page and its versions are deleted here.</p>
            {consequences.length ? (
              <>
                <p>At its destinations:</p>
                <ul>
                  {consequences.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>No destination holds a copy of it, so nothing is sent anywhere.</p>
            )}
            {children ? (
              <p>
                Its {children} sub-page{children > 1 ? 's move' : ' moves'} to the top level.
              </p>
            ) : null}
          </div>
        }
      />
    </div>
  )
}
