import type { AdapterFetch } from '@plugins/publishing/exports/server'

import { wordPressClient, type WordPressContext } from './client'
import { resolveTerms } from './terms'

type Answer = { status: number; body: unknown }

/** Answers requests in order from `answers`, keeping what was asked. */
const scripted =
  (answers: Answer[], asked: string[]): AdapterFetch =>
  async (url, init = {}) => {
    const request = new URL(String(url))
    asked.push(
      `${init.method ?? 'GET'} ${decodeURIComponent(request.pathname + request.search)}${init.body ? ` ${String(init.body)}` : ''}`,
    )
    const answer = answers.shift() ?? { status: 500, body: { message: 'unexpected request' } }
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    })
  }

const clientFor = (fetch: AdapterFetch) =>
  wordPressClient({
    config: { siteUrl: 'https://blog.example.com' },
    credentials: { username: 'editor', applicationPassword: 'x' },
    integration: { id: 1, name: 'wp', site: 1 },
    fetch,
    logger: { info: () => undefined, warn: () => undefined },
  } satisfies WordPressContext)

describe('resolveTerms', () => {
  it('reuses terms found by slug (one request) or by their escaped name, creates the rest, each once', async () => {
    const asked: string[] = []
    const fetch = scripted(
      [
        { status: 200, body: [{ id: 3, name: 'Harbour', slug: 'harbour' }] },
        // WordPress stores and answers names HTML-escaped.
        {
          status: 200,
          body: [
            { id: 8, name: 'News &amp; Views Weekly', slug: 'nvw' },
            { id: 9, name: 'News &amp; Views', slug: 'wp-own' },
          ],
        },
        { status: 200, body: [] },
        { status: 201, body: { id: 12, name: 'Tides', slug: 'tides' } },
      ],
      asked,
    )
    const terms = [
      { id: 1, name: 'Harbour', slug: 'harbour' },
      { id: 2, name: 'News & Views', slug: 'news-views' },
      { id: 3, name: 'Tides', slug: 'tides' },
      { id: 4, name: 'harbour', slug: 'harbour' },
    ]
    expect(await resolveTerms(clientFor(fetch), 'categories', terms)).toEqual([3, 9, 12])
    expect(asked).toEqual([
      'GET /wp-json/wp/v2/categories?slug[]=harbour&slug[]=news-views&slug[]=tides&per_page=100&_fields=id,name,slug',
      'GET /wp-json/wp/v2/categories?search=News+&amp;+Views&per_page=100&_fields=id,name,slug',
      'GET /wp-json/wp/v2/categories?search=Tides&per_page=100&_fields=id,name,slug',
      'POST /wp-json/wp/v2/categories {"name":"Tides","slug":"tides"}',
    ])
  })

  it('uses the term WordPress names when a create answers term_exists', async () => {
    const fetch = scripted(
      [
        { status: 200, body: [] },
        { status: 200, body: [] },
        {
          status: 400,
          body: {
            code: 'term_exists',
            message: 'A term with the name provided already exists.',
            data: { status: 400, term_id: 21 },
          },
        },
      ],
      [],
    )
    expect(
      await resolveTerms(clientFor(fetch), 'tags', [{ id: 1, name: 'Boats', slug: 'boats' }]),
    ).toEqual([21])
  })

  it('fails on any other refusal with WordPress’s message, and asks nothing for no terms', async () => {
    const fetch = scripted(
      [
        { status: 200, body: [] },
        { status: 200, body: [] },
        {
          status: 400,
          body: { code: 'rest_invalid_param', message: 'Invalid parameter(s): name' },
        },
      ],
      [],
    )
    await expect(
      resolveTerms(clientFor(fetch), 'tags', [{ id: 1, name: 'x', slug: 'x' }]),
    ).rejects.toMatchObject({
      name: 'PublishingError',
      retryable: false,
      message: 'Creating the WordPress tag "x" failed: HTTP 400: Invalid parameter(s): name',
    })
    const asked: string[] = []
    expect(await resolveTerms(clientFor(scripted([], asked)), 'tags', [])).toEqual([])
    expect(asked).toEqual([])
  })
})
