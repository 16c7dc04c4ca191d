/**
 * Page templates: our page's `template` becomes the WordPress page template of the same name in
 * the site's theme, or the one the integration's `pageTemplates` setting maps it to. WordPress
 * lists no page templates to an Editor over REST, but refuses one it does not have with the list
 * it has (`template is not one of a.php, b.php.`): `publish` sends its best guess and, when
 * refused, picks from that list or leaves the template out and says so in a note.
 */

/** Our templates that mean "the theme's default": sent as WordPress's default (`''`). */
const DEFAULTS = new Set(['', 'default'])

/** `landing=page-templates/landing.php, full-width=templates/wide.php` as a map (commas or new lines). */
export const parseTemplateMap = (setting: unknown): Map<string, string> => {
  const map = new Map<string, string>()
  if (typeof setting !== 'string') return map
  for (const pair of setting.split(/[,\n]/)) {
    const at = pair.indexOf('=')
    if (at < 0) continue
    const ours = pair.slice(0, at).trim()
    const theirs = pair.slice(at + 1).trim()
    if (ours && theirs) map.set(ours, theirs)
  }
  return map
}

/** The WordPress template to ask for first: the configured one, else our name itself. */
export const templateRequest = (
  template: string | null,
  setting: unknown,
): { ours: string; file: string } | null => {
  if (!template || DEFAULTS.has(template)) return null
  return { ours: template, file: parseTemplateMap(setting).get(template) ?? template }
}

/** The templates WordPress named when it refused one (a 400's `data.params.template`); null when that was not the refusal. */
export const allowedTemplates = (body: unknown): string[] | null => {
  const data = (body as { data?: { params?: Record<string, unknown> } } | null)?.data
  const message = data?.params?.template
  if (typeof message !== 'string') return null
  const list = /is not one of (.*?)\.?$/.exec(message)?.[1] ?? ''
  return list
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean)
}

/** The short name of a template file: `page-templates/page-landing.php` → `landing`. */
const shortName = (file: string): string =>
  (file.split('/').pop() ?? file)
    .replace(/\.php$/i, '')
    .replace(/^(page|template)[-_]/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')

/** The theme's template with our template's name, if any. */
export const matchTemplate = (ours: string, allowed: readonly string[]): string | null =>
  allowed.find((file) => file === ours || shortName(file) === shortName(ours)) ?? null

/** What the record's history says when a page goes out without its template. */
export const templateNotApplied = (ours: string, allowed: readonly string[]): string =>
  `Template not applied: the WordPress theme has no page template "${ours}"` +
  (allowed.length ? ` (it has ${allowed.join(', ')})` : ' (it has none)') +
  `; map it in the integration's page templates setting.`
