// The app's slugs and the ones sync makes from remote titles must agree: one function, kept in
// the publishing plugin (which cannot import the app).
export { slugify } from '@plugins/publishing/exports/server'
