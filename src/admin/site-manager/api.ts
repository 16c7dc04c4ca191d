'use client'
/** Client-side REST calls of the Site Manager (the plugin's helper, same cookie session). */
export { apiRequest } from '@plugins/publishing/exports/client'
