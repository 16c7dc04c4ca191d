/**
 * The one stylesheet of every hosted site, served under a name that carries its hash
 * (`assets/site.<hash>.css`) so that it can be cached for a year and a new one never collides with
 * an old one a reader's page still references.
 *
 * Each template is a class on `<body>` (`t-default`, `t-landing`, `t-full-width`, `t-sidebar`,
 * `t-contact`). No web fonts, no images, no JavaScript: system fonts, CSS custom properties, a
 * dark scheme when the reader's system asks for one, a layout that works from 320 px up.
 */
import { createHash } from 'node:crypto'

const CSS = `:root {
  --text: #1d2330;
  --muted: #5b6475;
  --bg: #ffffff;
  --surface: #f4f6fa;
  --line: #dde2ea;
  --accent: #2457d6;
  --accent-text: #ffffff;
  --measure: 42rem;
  --wide: 72rem;
  --radius: 0.5rem;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6e9ef;
    --muted: #a3acbd;
    --bg: #12151c;
    --surface: #1b202a;
    --line: #2c3340;
    --accent: #7aa2ff;
    --accent-text: #0b1020;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  font: 1.0625rem/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text);
  background: var(--bg);
  display: flex;
  flex-direction: column;
  min-height: 100vh;
}
main { flex: 1; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
img { max-width: 100%; height: auto; }
h1, h2, h3, h4 { line-height: 1.2; margin: 1.6em 0 0.5em; }
h1 { font-size: clamp(1.9rem, 4vw, 2.6rem); margin-top: 0; }
pre { overflow-x: auto; padding: 1rem; background: var(--surface); border-radius: var(--radius); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
blockquote { margin: 1.5em 0; padding: 0.2em 1.2em; border-left: 4px solid var(--accent); color: var(--muted); }
table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; text-align: left; }
hr { border: 0; border-top: 1px solid var(--line); margin: 2rem 0; }
.skip { position: absolute; left: -999px; top: 0; background: var(--accent); color: var(--accent-text); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 0.5rem; top: 0.5rem; }
.wrap { width: 100%; max-width: var(--wide); margin: 0 auto; padding: 0 1.25rem; }
.measure { max-width: var(--measure); }

/* header and navigation */
.site-header { border-bottom: 1px solid var(--line); background: var(--bg); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem 2rem; padding-top: 1rem; padding-bottom: 1rem; }
.brand { display: flex; align-items: center; gap: 0.75rem; color: var(--text); text-decoration: none; }
.brand img { max-height: 2.75rem; width: auto; }
.brand-name { font-weight: 700; font-size: 1.25rem; display: block; }
.brand-tagline { color: var(--muted); font-size: 0.9rem; display: block; }
.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.site-nav a { color: var(--text); text-decoration: none; padding: 0.25rem 0; display: inline-block; border-bottom: 2px solid transparent; }
.site-nav a:hover, .site-nav a[aria-current="page"] { border-bottom-color: var(--accent); }
/* on a phone, the navigation is one row that scrolls sideways instead of a screenful of links */
@media (max-width: 40rem) {
  .site-nav { overflow-x: auto; margin: 0 -1.25rem; padding: 0 1.25rem; width: calc(100% + 2.5rem); }
  .site-nav ul { flex-wrap: nowrap; white-space: nowrap; padding-bottom: 0.25rem; }
}

/* articles */
.content { padding-top: 2.5rem; padding-bottom: 3rem; }
.content > .measure, .article { margin: 0 auto; }
.lede { font-size: 1.2rem; color: var(--muted); margin-top: 0; }
.meta-line { color: var(--muted); font-size: 0.92rem; margin: 0 0 1.5rem; }
.featured { margin: 0 0 2rem; }
.featured img { display: block; width: 100%; border-radius: var(--radius); }
.body > :first-child { margin-top: 0; }
.terms { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 2rem 0 0; }
.terms a { display: inline-block; padding: 0.15rem 0.7rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; font-size: 0.9rem; }
.post-nav { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1.5rem; border-top: 1px solid var(--line); }
.post-nav a { text-decoration: none; }
.post-nav span { display: block; color: var(--muted); font-size: 0.85rem; }
.children { margin-top: 3rem; padding: 1.25rem 1.5rem; background: var(--surface); border-radius: var(--radius); }
.children h2 { margin-top: 0; font-size: 1.1rem; }

/* listings */
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.card { background: var(--surface); border-radius: var(--radius); overflow: hidden; display: flex; flex-direction: column; }
.card img { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: cover; }
.card-body { padding: 1rem 1.25rem 1.25rem; }
.card h2, .card h3 { margin: 0 0 0.35rem; font-size: 1.2rem; }
.card h2 a, .card h3 a { color: var(--text); text-decoration: none; }
.card h2 a:hover, .card h3 a:hover { color: var(--accent); }
.card p { margin: 0.5rem 0 0; color: var(--muted); }
.pagination { display: flex; justify-content: space-between; margin-top: 2.5rem; }
.pagination a { padding: 0.5rem 1rem; border: 1px solid var(--line); border-radius: var(--radius); text-decoration: none; }

/* footer */
.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.92rem; padding: 1.5rem 0; }
.site-footer .wrap { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; }
.site-footer a { color: var(--muted); }

/* template: default (a centred reading column) */
.t-default .content .article { max-width: var(--measure); }

/* template: landing (a full-bleed hero, the body in a wide, centred band) */
.t-landing .hero { position: relative; background: linear-gradient(135deg, var(--accent), #7b3fe4); color: #fff; text-align: center; padding: 5rem 1.25rem 4.5rem; overflow: hidden; }
.t-landing .hero img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; opacity: 0.28; }
.t-landing .hero > div { position: relative; max-width: 48rem; margin: 0 auto; }
.t-landing .hero h1 { font-size: clamp(2.2rem, 6vw, 3.6rem); margin: 0 0 0.75rem; }
.t-landing .hero p { font-size: 1.25rem; margin: 0; opacity: 0.92; }
.t-landing .content .article { max-width: 52rem; font-size: 1.15rem; text-align: center; }
.t-landing .content .article :is(ul, ol) { display: inline-block; text-align: left; }
.t-landing .latest { padding-bottom: 4rem; }
.t-landing .latest h2 { text-align: center; }
.t-landing .latest .cards { grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }

/* template: full-width (a title band, the body across the whole width) */
.t-full-width .title-band { background: var(--surface); border-bottom: 1px solid var(--line); padding: 2.5rem 0 2rem; }
.t-full-width .title-band h1 { margin: 0; }
.t-full-width .content .article { max-width: none; }
.t-full-width .featured img { max-height: 28rem; object-fit: cover; }

/* template: sidebar (the body beside a column with the section and recent posts) */
.t-sidebar .columns { display: grid; gap: 2.5rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 56rem) { .t-sidebar .columns { grid-template-columns: minmax(0, 1fr) 18rem; } }
.t-sidebar aside { border-left: 4px solid var(--accent); padding-left: 1.25rem; font-size: 0.95rem; }
.t-sidebar aside h2 { font-size: 1rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 0.5rem; }
.t-sidebar aside ul { list-style: none; padding: 0; margin: 0 0 2rem; }
.t-sidebar aside li { padding: 0.3rem 0; border-bottom: 1px solid var(--line); }
.t-sidebar aside ul ul { margin: 0 0 0 1rem; }
.t-sidebar aside a[aria-current="page"] { color: var(--text); font-weight: 700; text-decoration: none; }

/* template: contact (a card with the site's address beside the body) */
.t-contact .contact { display: grid; gap: 2rem; grid-template-columns: minmax(0, 1fr); max-width: 60rem; margin: 0 auto; }
@media (min-width: 48rem) { .t-contact .contact { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } }
.t-contact .contact-card { background: var(--accent); color: var(--accent-text); border-radius: calc(var(--radius) * 2); padding: 2rem; align-self: start; }
.t-contact .contact-card a { color: inherit; }
.t-contact .contact-card h2 { margin-top: 0; }
.t-contact .contact-card address { font-style: normal; font-size: 1.1rem; }
.t-contact h1 { text-align: center; margin-bottom: 2rem; }

/* posts and listings */
.t-post .article, .t-blog .listing { max-width: var(--measure); margin: 0 auto; }
.t-blog .listing { max-width: var(--wide); }
.not-found { text-align: center; padding: 5rem 1.25rem; }
.not-found p { color: var(--muted); }

@media print {
  .site-nav, .skip, .post-nav, .pagination { display: none; }
  body { color: #000; background: #fff; }
}
`

let cached: { path: string; css: string } | null = null

/** The stylesheet and its path in the site, `assets/site.<first 10 hex of its sha256>.css`. */
export function stylesheet(): { path: string; css: string } {
  if (!cached) {
    const hash = createHash('sha256').update(CSS).digest('hex').slice(0, 10)
    cached = { path: `assets/site.${hash}.css`, css: CSS }
  }
  return cached
}
