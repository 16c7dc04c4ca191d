/**
 * Encryption at rest for the credentials of publishing destinations.
 *
 * Credentials are sealed with AES-256-GCM under a key ring read from `CREDENTIALS_KEYS`
 * (`keyId:base64key` pairs, comma separated). The first key encrypts and every key decrypts, so a
 * key is rotated by putting a new one first, re-encrypting what `needsRotation` reports, and only
 * then removing the old one.
 *
 * Error messages never contain key material or plaintext: they end up in logs and in the admin UI.
 */
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto'

/** Every failure of this module: a bad key ring, a damaged value, or a missing key. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CredentialsError'
  }
}

/** Seals and opens credentials records with the keys of `CREDENTIALS_KEYS`. */
export type KeyRing = {
  /** Id of the key that `encrypt` uses (the first of the ring). */
  primaryKeyId: string
  /** Seals a record of string fields into `v1.<keyId>.<iv>.<tag>.<ciphertext>`. */
  encrypt(value: Record<string, string>): string
  /** Opens a sealed value with whichever key of the ring sealed it. */
  decrypt(sealed: string): Record<string, string>
  /** Id of the key a sealed value was encrypted with (read from the value, not verified). */
  keyIdOf(sealed: string): string
  /** True when the value was not sealed with the primary key and should be re-encrypted. */
  needsRotation(sealed: string): boolean
}

const VERSION = 'v1'
const ALGORITHM = 'aes-256-gcm'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/
const DEV_KEY_ID = 'dev'

/** Shown wherever someone has to create a key, so the fix is one copy-paste away. */
const GENERATE_KEY_COMMAND = `node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))"`

type RingKey = { id: string; key: KeyObject }

/** The parts of a sealed value, with the binary parts already decoded. */
type SealedParts = { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer }

/**
 * Parses `CREDENTIALS_KEYS` (`k2:base64key,k1:base64key`) into a key ring whose first key
 * encrypts. Throws a CredentialsError naming the faulty entry, never its key.
 */
export const parseKeyRing = (spec: string): KeyRing => {
  const entries = spec.split(',').map((entry) => entry.trim())
  const keys: RingKey[] = []
  entries.forEach((entry, index) => {
    // A stray or trailing comma hides no key, so it is not worth failing a boot over.
    if (entry === '') return
    const ringKey = parseEntry(entry, index + 1)
    if (keys.some((existing) => existing.id === ringKey.id)) {
      throw new CredentialsError(
        `duplicate key id "${ringKey.id}" in CREDENTIALS_KEYS: every key needs its own id`,
      )
    }
    keys.push(ringKey)
  })
  if (keys.length === 0) {
    throw new CredentialsError(
      `CREDENTIALS_KEYS is empty: give at least one keyId:base64key pair, e.g. from ${GENERATE_KEY_COMMAND}`,
    )
  }
  return createKeyRing(keys)
}

/**
 * Picks the key ring for this process: `CREDENTIALS_KEYS` when set (an empty value counts as
 * unset, as compose files tend to pass one); otherwise, outside production only, a key derived
 * from PAYLOAD_SECRET, announced through `warn` so nobody mistakes it for a real setup.
 */
export const resolveKeyRing = ({
  env,
  secret,
  production,
  warn,
}: {
  env: string | undefined
  secret: string
  production: boolean
  warn: (message: string) => void
}): KeyRing => {
  if (env !== undefined && env.trim() !== '') return parseKeyRing(env)
  if (production) {
    throw new CredentialsError(
      `CREDENTIALS_KEYS is required in production to encrypt the credentials of publishing destinations. ` +
        `Generate a key with ${GENERATE_KEY_COMMAND} and set CREDENTIALS_KEYS to its output.`,
    )
  }
  if (secret === '') {
    throw new CredentialsError(
      `CREDENTIALS_KEYS is not set and PAYLOAD_SECRET is empty, so there is no key to encrypt credentials with. ` +
        `Set PAYLOAD_SECRET, or set CREDENTIALS_KEYS to the output of ${GENERATE_KEY_COMMAND}.`,
    )
  }
  warn(
    'Credentials of publishing destinations are encrypted with a key derived from PAYLOAD_SECRET, ' +
      'which is for development only: set CREDENTIALS_KEYS before going to production.',
  )
  return createKeyRing([{ id: DEV_KEY_ID, key: deriveDevKey(secret) }])
}

/** Development key: HKDF keeps it distinct from anything else PAYLOAD_SECRET is used for. */
const deriveDevKey = (secret: string): KeyObject =>
  createSecretKey(
    Buffer.from(hkdfSync('sha256', secret, 'syndicate-credentials', 'credentials-key', KEY_BYTES)),
  )

/** Parses one `keyId:base64key` entry; `position` is 1-based, as people count. */
const parseEntry = (entry: string, position: number): RingKey => {
  const colon = entry.indexOf(':')
  const id = colon === -1 ? '' : entry.slice(0, colon).trim()
  const encodedKey = colon === -1 ? '' : entry.slice(colon + 1).trim()
  const malformed = (reason: string): CredentialsError =>
    new CredentialsError(
      `CREDENTIALS_KEYS entry ${position} (${describeEntry(id)}) is not keyId:base64key: ${reason}`,
    )
  if (colon === -1) throw malformed('there is no ":" between the key id and the key')
  if (!KEY_ID.test(id)) throw malformed('the key id must be 1-32 letters, digits, "_" or "-"')
  if (encodedKey === '') throw malformed('the key after ":" is empty')
  const key = decodeStandardBase64(encodedKey)
  if (key === undefined) throw malformed('the key is not standard base64')
  if (key.length !== KEY_BYTES) {
    throw new CredentialsError(
      `key "${id}" must be ${KEY_BYTES} bytes of base64 (got ${key.length}); generate one with ${GENERATE_KEY_COMMAND}`,
    )
  }
  return { id, key: createSecretKey(key) }
}

/**
 * Names an entry without its key. The id is only shown when it is a valid one: an entry written
 * the wrong way round (`key:id`) or without a colon could otherwise put a key in the message,
 * and a base64 key (44 characters) can never pass as an id (at most 32).
 */
const describeEntry = (id: string): string => (KEY_ID.test(id) ? `"${id}:..."` : 'value hidden')

/**
 * Decodes base64 strictly. Node's decoder skips characters it does not know, which would turn a
 * mistyped key into a different, shorter one; re-encoding exposes that.
 */
const decodeStandardBase64 = (encoded: string): Buffer | undefined => {
  const bytes = Buffer.from(encoded, 'base64')
  const unpadded = (value: string): string => value.replace(/=+$/, '')
  return unpadded(bytes.toString('base64')) === unpadded(encoded) ? bytes : undefined
}

/**
 * Decodes base64url and insists on the canonical spelling, so that every edit of a sealed string
 * (even of bits a lenient decoder would ignore) is detected.
 */
const decodeCanonicalBase64Url = (encoded: string): Buffer | undefined => {
  if (!BASE64URL.test(encoded)) return undefined
  const bytes = Buffer.from(encoded, 'base64url')
  return bytes.toString('base64url') === encoded ? bytes : undefined
}

/** Builds the ring; keys stay in this closure so that logging the ring shows none of them. */
const createKeyRing = (keys: readonly RingKey[]): KeyRing => {
  const [primary] = keys
  if (primary === undefined) throw new CredentialsError('a key ring needs at least one key')
  const keyIdOf = (sealed: string): string => parseSealed(sealed).keyId
  return Object.freeze({
    primaryKeyId: primary.id,
    encrypt: (value: Record<string, string>): string => seal(primary, value),
    decrypt: (sealed: string): Record<string, string> => open(keys, parseSealed(sealed)),
    keyIdOf,
    needsRotation: (sealed: string): boolean => keyIdOf(sealed) !== primary.id,
  })
}

/** The version and key id are authenticated too, so relabelling a value breaks it. */
const additionalData = (keyId: string): Buffer => Buffer.from(`${VERSION}.${keyId}`, 'utf8')

const seal = (ringKey: RingKey, value: Record<string, string>): string => {
  assertStringRecord(value)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(ALGORITHM, ringKey.key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(additionalData(ringKey.id))
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, ringKey.id, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.')
}

const open = (keys: readonly RingKey[], parts: SealedParts): Record<string, string> => {
  const ringKey = keys.find((candidate) => candidate.id === parts.keyId)
  if (ringKey === undefined) {
    throw new CredentialsError(
      `these credentials were encrypted with key "${parts.keyId}", which is not in CREDENTIALS_KEYS: ` +
        'add that key back, or enter the credentials again',
    )
  }
  const plaintext = decipher(ringKey, parts)
  return parseRecord(plaintext)
}

/** Authenticates and decrypts; Node's own error is dropped because it explains nothing useful. */
const decipher = (ringKey: RingKey, parts: SealedParts): string => {
  try {
    const decipherer = createDecipheriv(ALGORITHM, ringKey.key, parts.iv, {
      authTagLength: TAG_BYTES,
    })
    decipherer.setAAD(additionalData(parts.keyId))
    decipherer.setAuthTag(parts.tag)
    return Buffer.concat([decipherer.update(parts.ciphertext), decipherer.final()]).toString('utf8')
  } catch {
    throw new CredentialsError(
      'these credentials cannot be decrypted: the stored value was altered or the key is wrong',
    )
  }
}

/** The JSON parser's error quotes its input, i.e. the plaintext, so it is never passed on. */
const parseRecord = (plaintext: string): Record<string, string> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(plaintext)
  } catch {
    parsed = undefined
  }
  if (!isStringRecord(parsed)) {
    throw new CredentialsError(
      'these credentials decrypted to something other than a record of strings',
    )
  }
  return parsed
}

const notSealed = (): CredentialsError =>
  new CredentialsError(
    'not an encrypted credentials value (expected v1.<keyId>.<iv>.<tag>.<ciphertext>)',
  )

/** Splits and decodes a sealed value; anything off-format is rejected before any crypto runs. */
const parseSealed = (sealed: string): SealedParts => {
  if (typeof sealed !== 'string') throw notSealed()
  const fields = sealed.split('.')
  if (fields.length !== 5) throw notSealed()
  const [version, keyId = '', ivText = '', tagText = '', ciphertextText = ''] = fields
  if (version !== VERSION || !KEY_ID.test(keyId)) throw notSealed()
  const iv = decodeCanonicalBase64Url(ivText)
  const tag = decodeCanonicalBase64Url(tagText)
  const ciphertext = decodeCanonicalBase64Url(ciphertextText)
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || ciphertext === undefined) {
    throw notSealed()
  }
  return { keyId, iv, tag, ciphertext }
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((field) => typeof field === 'string')

/** Types vanish at runtime; this names the offending field but never shows a value. */
const assertStringRecord = (value: unknown): void => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CredentialsError('credentials must be an object whose fields are strings')
  }
  for (const [field, fieldValue] of Object.entries(value)) {
    if (typeof fieldValue !== 'string') {
      throw new CredentialsError(
        `credentials field "${field}" must be a string (got ${typeof fieldValue})`,
      )
    }
  }
}
