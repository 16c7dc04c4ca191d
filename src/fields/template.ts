/** Page templates an editor can choose from; a site's default template is one of them. */
export const PAGE_TEMPLATES = [
  { label: 'Default', value: 'default' },
  { label: 'Landing', value: 'landing' },
  { label: 'Full width', value: 'full-width' },
  { label: 'Sidebar', value: 'sidebar' },
  { label: 'Contact', value: 'contact' },
] as const
