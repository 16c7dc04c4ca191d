/** The hosted sites' renderer: plain data in, files out; and the dependency graph for incremental renders. */
export type * from './types'
export type { Layout, Output, Planned } from './layout'
export type { RenderPlan } from './graph'
export type { RenderResult } from './renderSite'
export { renderLayout, renderSite, siteLayout } from './renderSite'
export { planChange, siteBefore } from './graph'
export { stylesheet } from './stylesheet'
export { TEMPLATES } from './types'
