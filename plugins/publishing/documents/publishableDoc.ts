import type { Related } from '../utilities/related'

/** What the platform reads of a page or post it publishes. */
export type PublishableDoc = {
  id: number
  site?: Related
  title?: string | null
  slug?: string | null
  template?: string | null
  categories?: Related[] | null
  tags?: Related[] | null
  _status?: string | null
}
