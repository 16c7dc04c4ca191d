import { toPublishingError } from '../errors'
import { readBytes, readText, readTextPrefix, ResponseTooLargeError } from './readBody'

/** A response streaming `chunks` chunks of `size` bytes, without Content-Length; counts the pulls. */
const streamed = (chunks: number, size: number) => {
  const state = { pulled: 0, cancelled: false }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close()
      state.pulled++
      controller.enqueue(new Uint8Array(size).fill(0x61))
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { response: new Response(body), state }
}

describe('readBytes / readText', () => {
  it('reads a body within the limit', async () => {
    expect(await readText(new Response('{"id":1}'), 8)).toBe('{"id":1}')
    expect((await readBytes(streamed(4, 10).response, 40)).byteLength).toBe(40)
  })

  it('stops at the limit on a body without Content-Length, and cancels the rest', async () => {
    const { response, state } = streamed(1_000_000, 1024)
    await expect(readText(response, 10 * 1024)).rejects.toThrow(ResponseTooLargeError)
    expect(state.pulled).toBeLessThan(20)
    expect(state.cancelled).toBe(true)
  })

  it('refuses a Content-Length over the limit without reading', async () => {
    const { response: source, state } = streamed(100, 1)
    const response = new Response(source.body, { headers: { 'content-length': '100' } })
    await expect(readBytes(response, 99)).rejects.toThrow(
      'the answer is larger than the limit of 99 bytes',
    )
    // A stream fills its first chunk on its own; nothing beyond it was asked for.
    expect(state.pulled).toBeLessThanOrEqual(1)
    expect(state.cancelled).toBe(true)
  })
})

describe('readTextPrefix', () => {
  it('reads only the start of an endless body', async () => {
    const { response, state } = streamed(1_000_000, 1024)
    const text = await readTextPrefix(response, 2048)
    expect(text).toBe('a'.repeat(2048))
    expect(state.cancelled).toBe(true)
  })
})

describe('toPublishingError', () => {
  it('makes an oversized answer a failure that retrying cannot fix', () => {
    const error = toPublishingError(
      new ResponseTooLargeError(8 * 1024 * 1024),
      'Listing WordPress posts',
    )
    expect(error.retryable).toBe(false)
    expect(error.message).toBe(
      'Listing WordPress posts failed: the answer is larger than the limit of 8 MiB',
    )
  })
})
