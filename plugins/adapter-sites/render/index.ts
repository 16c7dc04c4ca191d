/** The hosted sites' renderer: plain data in, files out; and the dependency graph for incremental renders. */
export type { RenderPlan } from './graph'
export { planChange, siteBefore } from './graph'
export type { Layout, Output, Planned } from './layout'
export type { RenderResult } from './renderSite'
export { renderLayout, renderSite, siteLayout } from './renderSite'
export { stylesheet } from './stylesheet'
export type * from './types'
export { TEMPLATES } from './types'
