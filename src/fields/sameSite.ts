/**
 * Relations limited to the document's site (a page's parent, a post's image and taxonomies). The
 * rule lives with the id reader in the publishing plugin, whose rules hold their categories, tags
 * and destinations to it too, so that the app and the plugin read ids and sites one way.
 */
export { sameSiteOptions as sameSite, withinSite } from '@plugins/publishing/exports/server'
