/**
 * Reading remote answers with a size cap. A destination or a sync source is a server we do not
 * control: without a cap, an endless or enormous answer (no Content-Length, or a false one, or a
 * compressed bomb) is buffered until the process runs out of memory. Every reader here counts the
 * bytes as they arrive (after decompression) and stops at the limit.
 */

const MIB = 1024 * 1024

/** The most any remote answer may carry unless the caller asks for less: safeFetch's default. */
export const MAX_RESPONSE_BYTES = 25 * MIB
/** An image downloaded from a remote (a sync importing a featured image). */
export const MAX_IMAGE_BYTES = 25 * MIB
/** A JSON answer of a platform's API (a page of a listing with full content included). */
export const MAX_JSON_BYTES = 8 * MIB
/** What a webhook receiver answers: an id and a URL. */
export const MAX_RECEIVER_ANSWER_BYTES = 1 * MIB
/** The part of an error answer read for its message; the rest is not needed. */
export const ERROR_BODY_BYTES = 64 * 1024

/** The limit in words: "8 MiB", "64 KiB", "512 bytes". */
const inWords = (bytes: number): string =>
  bytes >= MIB && bytes % MIB === 0
    ? `${bytes / MIB} MiB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} bytes`

/**
 * Thrown when a remote answer is larger than the reader's limit. Retrying cannot help: the remote
 * would send the same answer again. `toPublishingError` turns it into a non-retryable failure.
 */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError'
  /** The limit that was exceeded, in bytes. */
  readonly maxBytes: number

  constructor(maxBytes: number) {
    super(`the answer is larger than the limit of ${inWords(maxBytes)}`)
    this.maxBytes = maxBytes
  }
}

/** Statuses whose responses never have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

const declaredTooLarge = (response: Response, maxBytes: number): boolean => {
  const declared = Number(response.headers.get('content-length') ?? '')
  return Number.isFinite(declared) && declared > maxBytes
}

const discard = (response: Response): void => {
  response.body?.cancel().catch(() => undefined)
}

/**
 * The same response, whose body fails with {@link ResponseTooLargeError} once more than
 * `maxBytes` have come in (the connection is then closed). A Content-Length over the limit
 * throws at once, before anything is read.
 */
export const capBody = (response: Response, maxBytes: number): Response => {
  if (declaredTooLarge(response, maxBytes)) {
    discard(response)
    throw new ResponseTooLargeError(maxBytes)
  }
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response
  let received = 0
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength
      // Erroring the stream also cancels the source, which closes the connection.
      if (received > maxBytes) controller.error(new ResponseTooLargeError(maxBytes))
      else controller.enqueue(chunk)
    },
  })
  const capped = new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
  // The constructor cannot set these; callers still want to know where the answer came from.
  Object.defineProperties(capped, {
    url: { value: response.url },
    redirected: { value: response.redirected },
  })
  return capped
}

/**
 * Reads the body into one buffer, at most `maxBytes` of it; more throws
 * {@link ResponseTooLargeError} and stops reading.
 */
export const readBytes = async (response: Response, maxBytes: number): Promise<Uint8Array> =>
  new Uint8Array(await capBody(response, maxBytes).arrayBuffer())

/** Reads the body as UTF-8 text, at most `maxBytes` of it (see {@link readBytes}). */
export const readText = async (response: Response, maxBytes: number): Promise<string> =>
  Buffer.from(await readBytes(response, maxBytes)).toString('utf8')

/**
 * The start of the body as text, at most `maxBytes` of it; the rest is not read. Never throws:
 * a body that cannot be read gives what had arrived. For error answers, read only for a message.
 */
export const readTextPrefix = async (response: Response, maxBytes: number): Promise<string> => {
  if (!response.body) return ''
  const chunks: Uint8Array[] = []
  let received = 0
  const reader = response.body.getReader()
  try {
    while (received < maxBytes) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      received += value.byteLength
    }
  } catch {
    // A broken or oversized body: what arrived is still worth showing.
  }
  await reader.cancel().catch(() => undefined)
  return Buffer.from(Buffer.concat(chunks)).subarray(0, maxBytes).toString('utf8')
}
