/** The demo content `npm run seed` creates: a blog and a corporate site. */
export type SeedPage = { title: string; template: string; parent?: string; text: string }
export type SeedPost = {
  title: string
  excerpt: string
  categories: string[]
  tags: string[]
  image: string
  text: string
}
export type SeedSite = {
  name: string
  slug: string
  domain: string
  siteType: 'blog' | 'corporate'
  hostingType: 'hosted' | 'wordpress'
  tagline: string
  colour: string
  pages: SeedPage[]
  categories: string[]
  tags: string[]
  posts: SeedPost[]
}

export const SEED_SITES: SeedSite[] = [
  {
    name: 'Northwind Journal',
    slug: 'northwind-journal',
    domain: 'journal.northwind.example',
    siteType: 'blog',
    hostingType: 'hosted',
    tagline: 'Field notes from the northern coast',
    colour: '#1f6feb',
    pages: [
      {
        title: 'Home',
        template: 'landing',
        text: 'Stories, photographs and field notes from the coast.',
      },
      {
        title: 'About',
        template: 'default',
        text: 'Northwind Journal is written by a small team of walkers.',
      },
      { title: 'Contact', template: 'contact', text: 'Write to us at hello@northwind.example.' },
    ],
    categories: ['Travel', 'Photography'],
    tags: ['coast', 'winter', 'birds'],
    posts: [
      {
        title: 'First light on the headland',
        excerpt: 'A cold morning walk to the lighthouse.',
        categories: ['Travel'],
        tags: ['coast', 'winter'],
        image: '#f2a541',
        text: 'We left before dawn and reached the headland as the light came up.',
      },
      {
        title: 'Counting terns',
        excerpt: 'A day with the bird survey volunteers.',
        categories: ['Photography', 'Travel'],
        tags: ['birds'],
        image: '#6cc3d5',
        text: 'Four hundred and twelve terns, give or take the ones that would not sit still.',
      },
    ],
  },
  {
    name: 'Acme Corporation',
    slug: 'acme',
    domain: 'www.acme.example',
    siteType: 'corporate',
    hostingType: 'wordpress',
    tagline: 'Engineering you can rely on',
    colour: '#8250df',
    pages: [
      {
        title: 'Home',
        template: 'landing',
        text: 'Acme builds dependable machines for demanding work.',
      },
      { title: 'Services', template: 'full-width', text: 'Design, manufacturing and support.' },
      {
        title: 'Consulting',
        template: 'sidebar',
        parent: 'Services',
        text: 'Our engineers help you plan.',
      },
      { title: 'About', template: 'default', text: 'Founded in 1949, Acme employs 300 people.' },
      { title: 'Contact', template: 'contact', text: 'Call us or use the form below.' },
    ],
    categories: ['News', 'Case studies'],
    tags: ['manufacturing', 'sustainability'],
    posts: [
      {
        title: 'Acme opens a second plant',
        excerpt: 'More capacity, closer to our customers.',
        categories: ['News'],
        tags: ['manufacturing'],
        image: '#d4a72c',
        text: 'The new plant doubles our capacity and runs on solar power.',
      },
      {
        title: 'How a bakery cut its energy use by a third',
        excerpt: 'A case study in efficient ovens.',
        categories: ['Case studies'],
        tags: ['sustainability'],
        image: '#2da44e',
        text: 'With new burners and heat recovery, the bakery saved a third of its energy.',
      },
    ],
  },
]
