import { domainLookup, hostName, type DomainRow } from './hosts'

const ROWS: DomainRow[] = [
  { domain: 'acme.example', slug: 'acme' },
  { domain: 'WWW.Beta.Example', slug: 'beta' },
  { domain: 'cms.example.com', slug: 'sneaky' },
  { domain: null, slug: 'nodomain' },
]

const setup = (rows: () => DomainRow[] = () => ROWS) => {
  let clock = 0
  let reads = 0
  const lookup = domainLookup({
    load: async () => {
      reads++
      return rows()
    },
    serverURL: 'https://cms.example.com',
    now: () => clock,
  })
  return {
    lookup,
    reads: () => reads,
    advance: (ms: number) => {
      clock += ms
    },
  }
}

test('reads a Host header as a bare lower-case name', () => {
  expect(hostName('Acme.Example:3602')).toBe('acme.example')
  expect(hostName('acme.example.')).toBe('acme.example')
  expect(hostName('[::1]:3000')).toBeNull()
  expect(hostName('')).toBeNull()
  expect(hostName(null)).toBeNull()
  expect(hostName('bad host/')).toBeNull()
})

test("a site's domain is that site, with any port and any case", async () => {
  const { lookup } = setup()
  expect(await lookup('acme.example')).toBe('acme')
  expect(await lookup('ACME.example:3602')).toBe('acme')
  expect(await lookup('www.beta.example')).toBe('beta')
})

test("the app's own hosts and every host no site claims stay the app's", async () => {
  const { lookup } = setup()
  for (const host of [
    'localhost',
    'localhost:3602',
    '127.0.0.1:3602',
    '[::1]:3602',
    '10.0.0.5:3000',
    // a site that claims the app's own address does not take the admin over
    'cms.example.com',
    'other.example',
    'sub.acme.example',
    undefined,
  ]) {
    expect(await lookup(host)).toBeNull()
  }
})

test('domains are read once for a few seconds, and a change is seen after that', async () => {
  let rows = ROWS
  const { lookup, reads, advance } = setup(() => rows)
  await Promise.all([lookup('acme.example'), lookup('other.example'), lookup('acme.example')])
  expect(reads()).toBe(1)
  // the app's own hosts never cost a read
  await lookup('localhost:3602')
  rows = [{ domain: 'acme.test', slug: 'acme' }]
  advance(4000)
  expect(await lookup('acme.example')).toBe('acme')
  expect(reads()).toBe(1)
  advance(1000)
  expect(await lookup('acme.example')).toBeNull()
  expect(await lookup('acme.test')).toBe('acme')
  expect(reads()).toBe(2)
})

test('a failed read serves no site and is retried soon', async () => {
  let fail = true
  const { lookup, reads, advance } = setup(() => {
    if (fail) throw new Error('database down')
    return ROWS
  })
  expect(await lookup('acme.example')).toBeNull()
  fail = false
  expect(await lookup('acme.example')).toBeNull()
  expect(reads()).toBe(1)
  advance(1000)
  expect(await lookup('acme.example')).toBe('acme')
})
