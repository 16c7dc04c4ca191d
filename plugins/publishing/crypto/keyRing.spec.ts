import { randomBytes } from 'node:crypto'

import { CredentialsError, parseKeyRing, resolveKeyRing, type KeyRing } from './keyRing'

const newKey = (): string => randomBytes(32).toString('base64')

const K1 = newKey()
const K2 = newKey()
const SECRET = 'a-long-development-payload-secret'

/** Runs `action`, expects a CredentialsError and returns it for closer inspection. */
const credentialsErrorOf = (action: () => unknown): CredentialsError => {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsError)
    expect((error as Error).name).toBe('CredentialsError')
    return error as CredentialsError
  }
  throw new Error('expected a CredentialsError, but nothing was thrown')
}

/** Replaces one character of one dot-separated part with a different base64url character. */
const alterPart = (sealed: string, index: number): string => {
  const parts = sealed.split('.')
  const part = parts[index] ?? ''
  const middle = Math.floor(part.length / 2)
  const replacement = part[middle] === 'A' ? 'B' : 'A'
  parts[index] = part.slice(0, middle) + replacement + part.slice(middle + 1)
  return parts.join('.')
}

/** A `warn` that remembers its messages (ESM jest has no `jest` global for jest.fn). */
const recordingWarn = (): ((message: string) => void) & { messages: string[] } => {
  const messages: string[] = []
  return Object.assign((message: string) => void messages.push(message), { messages })
}

const devRing = (secret: string, warn: (message: string) => void = () => {}): KeyRing =>
  resolveKeyRing({ env: undefined, secret, production: false, warn })

describe('parseKeyRing: sealing and opening', () => {
  const ring = parseKeyRing(`k1:${K1}`)
  const credentials = { apiKey: 'sk_live_123', user: 'syndicate' }

  it('round-trips a record of strings', () => {
    const sealed = ring.encrypt(credentials)
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(ring.decrypt(sealed)).toEqual(credentials)
    expect(ring.decrypt(ring.encrypt({}))).toEqual({})
  })

  it('uses a fresh IV, so sealing the same value twice gives different strings', () => {
    const first = ring.encrypt(credentials)
    const second = ring.encrypt(credentials)
    expect(first).not.toBe(second)
    expect(first.split('.')[2]).not.toBe(second.split('.')[2])
    expect(ring.decrypt(first)).toEqual(ring.decrypt(second))
  })

  it('reports the key id and primary key', () => {
    expect(ring.primaryKeyId).toBe('k1')
    expect(ring.keyIdOf(ring.encrypt(credentials))).toBe('k1')
  })

  it('ignores whitespace around entries', () => {
    const spaced = parseKeyRing(`  k2:${K2} ,\n k1:${K1}  `)
    expect(spaced.primaryKeyId).toBe('k2')
    expect(spaced.decrypt(ring.encrypt(credentials))).toEqual(credentials)
  })

  it('rejects values that are not a record of strings without showing them', () => {
    const bad = { token: 42 } as unknown as Record<string, string>
    expect(credentialsErrorOf(() => ring.encrypt(bad)).message).toBe(
      'credentials field "token" must be a string (got number)',
    )
  })
})

describe('parseKeyRing: rotation', () => {
  const credentials = { password: 'hunter2' }

  it('decrypts values sealed by a key that is no longer first, and flags them for rotation', () => {
    const oldRing = parseKeyRing(`old:${K1}`)
    const sealedWithOld = oldRing.encrypt(credentials)

    const rotated = parseKeyRing(`new:${K2},old:${K1}`)
    expect(rotated.primaryKeyId).toBe('new')
    expect(rotated.decrypt(sealedWithOld)).toEqual(credentials)
    expect(rotated.keyIdOf(sealedWithOld)).toBe('old')
    expect(rotated.needsRotation(sealedWithOld)).toBe(true)

    const resealed = rotated.encrypt(rotated.decrypt(sealedWithOld))
    expect(rotated.keyIdOf(resealed)).toBe('new')
    expect(rotated.needsRotation(resealed)).toBe(false)
    expect(rotated.decrypt(resealed)).toEqual(credentials)
  })

  it('names the missing key when a value was sealed with a key that has been removed', () => {
    const sealedWithOld = parseKeyRing(`old:${K1}`).encrypt(credentials)
    const error = credentialsErrorOf(() => parseKeyRing(`new:${K2}`).decrypt(sealedWithOld))
    expect(error.message).toContain(
      'these credentials were encrypted with key "old", which is not in CREDENTIALS_KEYS',
    )
  })
})

describe('parseKeyRing: tampering', () => {
  const ring = parseKeyRing(`k1:${K1},k2:${K2}`)
  const sealed = ring.encrypt({ apiKey: 'sk_live_123' })
  const altered =
    'these credentials cannot be decrypted: the stored value was altered or the key is wrong'

  it.each([
    ['iv', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('rejects an altered %s', (_name, index) => {
    const tampered = alterPart(sealed, index)
    expect(tampered).not.toBe(sealed)
    expect(credentialsErrorOf(() => ring.decrypt(tampered)).message).toBe(altered)
  })

  it('rejects a value relabelled with another key id of the ring', () => {
    const relabelled = sealed.replace(/^v1\.k1\./, 'v1.k2.')
    expect(credentialsErrorOf(() => ring.decrypt(relabelled)).message).toBe(altered)
  })

  it('rejects a value whose base64url parts are spelled non-canonically', () => {
    // A 16-byte tag takes 22 characters, so the last one carries 4 unused bits: setting one of
    // them yields a different string that a lenient decoder reads as the very same tag.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const parts = sealed.split('.')
    const tag = parts[3] ?? ''
    const lookalike = tag.slice(0, -1) + alphabet[alphabet.indexOf(tag.slice(-1)) + 1]
    expect(Buffer.from(lookalike, 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true)
    parts[3] = lookalike
    expect(credentialsErrorOf(() => ring.decrypt(parts.join('.'))).message).toContain(
      'not an encrypted credentials value',
    )
  })

  it.each([
    ['an empty string', ''],
    ['plain text', 'hunter2'],
    ['another version', sealed.replace(/^v1\./, 'v2.')],
    ['too few parts', sealed.split('.').slice(0, 4).join('.')],
    ['a truncated iv', sealed.replace(/^(v1\.k1\.)[A-Za-z0-9_-]{2}/, '$1')],
    ['a bad key id', sealed.replace(/^v1\.k1\./, 'v1.k 1.')],
  ])('rejects %s as not an encrypted credentials value', (_name, value) => {
    const error = credentialsErrorOf(() => ring.decrypt(value))
    expect(error.message).toContain('not an encrypted credentials value')
    expect(() => ring.keyIdOf(value)).toThrow(CredentialsError)
  })
})

describe('parseKeyRing: malformed specs', () => {
  const shortKey = randomBytes(16).toString('base64')

  it('rejects an entry without a colon', () => {
    expect(credentialsErrorOf(() => parseKeyRing(`k1:${K1},k2${K2}`)).message).toMatch(
      /^CREDENTIALS_KEYS entry 2 \(value hidden\) is not keyId:base64key/,
    )
  })

  it('rejects an entry with an empty key, naming its id', () => {
    expect(credentialsErrorOf(() => parseKeyRing(`k1:${K1},k2:`)).message).toMatch(
      /^CREDENTIALS_KEYS entry 2 \("k2:\.\.\."\) is not keyId:base64key/,
    )
  })

  it('rejects a key that is not standard base64', () => {
    // A fixed key whose standard base64 has both '+' and '/', so the URL-safe spelling differs.
    const standard = Buffer.alloc(32, 0xfb).toString('base64')
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_')
    expect(credentialsErrorOf(() => parseKeyRing(`k1:${urlSafe}`)).message).toContain(
      'the key is not standard base64',
    )
    expect(credentialsErrorOf(() => parseKeyRing('k1:not*base64!')).message).toContain(
      'the key is not standard base64',
    )
  })

  it('rejects an invalid key id', () => {
    expect(credentialsErrorOf(() => parseKeyRing(`key one:${K1}`)).message).toMatch(
      /^CREDENTIALS_KEYS entry 1 \(value hidden\) is not keyId:base64key: the key id must be/,
    )
    expect(() => parseKeyRing(`${'k'.repeat(33)}:${K1}`)).toThrow(CredentialsError)
  })

  it('rejects a key of the wrong length, saying how long it was', () => {
    expect(credentialsErrorOf(() => parseKeyRing(`k1:${K1},k2:${shortKey}`)).message).toMatch(
      /^key "k2" must be 32 bytes of base64 \(got 16\)/,
    )
  })

  it('rejects duplicate key ids', () => {
    expect(credentialsErrorOf(() => parseKeyRing(`k1:${K1},k1:${K2}`)).message).toContain(
      'duplicate key id "k1"',
    )
  })

  it.each([[''], ['   '], [' , ,']])('rejects an empty spec (%j)', (spec) => {
    expect(credentialsErrorOf(() => parseKeyRing(spec)).message).toMatch(
      /^CREDENTIALS_KEYS is empty/,
    )
  })
})

describe('resolveKeyRing', () => {
  it('uses CREDENTIALS_KEYS when set, without warning', () => {
    const warn = recordingWarn()
    const ring = resolveKeyRing({ env: `k1:${K1}`, secret: SECRET, production: true, warn })
    expect(ring.primaryKeyId).toBe('k1')
    expect(warn.messages).toEqual([])
  })

  it('passes a malformed CREDENTIALS_KEYS through parseKeyRing', () => {
    const warn = recordingWarn()
    expect(() =>
      resolveKeyRing({ env: `k1:${K1},k1:${K2}`, secret: SECRET, production: false, warn }),
    ).toThrow('duplicate key id "k1"')
    expect(warn.messages).toEqual([])
  })

  it('requires CREDENTIALS_KEYS in production and says how to make one', () => {
    const warn = recordingWarn()
    const error = credentialsErrorOf(() =>
      resolveKeyRing({ env: undefined, secret: SECRET, production: true, warn }),
    )
    expect(error.message).toContain('CREDENTIALS_KEYS is required in production')
    expect(error.message).toContain(
      `node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))"`,
    )
    expect(() => resolveKeyRing({ env: '  ', secret: SECRET, production: true, warn })).toThrow(
      'CREDENTIALS_KEYS is required in production',
    )
    expect(warn.messages).toEqual([])
  })

  it('derives a development key from the secret and warns exactly once per call', () => {
    const warn = recordingWarn()
    const ring = devRing(SECRET, warn)
    expect(warn.messages).toHaveLength(1)
    const message = warn.messages[0] ?? ''
    expect(message).toContain('derived from PAYLOAD_SECRET')
    expect(message).toContain('development only')
    expect(message).not.toContain(SECRET)
    expect(ring.primaryKeyId).toBe('dev')

    devRing(SECRET, warn)
    expect(warn.messages).toHaveLength(2)
  })

  it('derives the same key from the same secret, and a different one from another secret', () => {
    const sealed = devRing(SECRET).encrypt({ token: 'abc' })
    expect(devRing(SECRET).decrypt(sealed)).toEqual({ token: 'abc' })
    expect(credentialsErrorOf(() => devRing(`${SECRET}-other`).decrypt(sealed)).message).toBe(
      'these credentials cannot be decrypted: the stored value was altered or the key is wrong',
    )
  })

  it('refuses to work without any secret', () => {
    const warn = recordingWarn()
    expect(credentialsErrorOf(() => devRing('', warn)).message).toContain('PAYLOAD_SECRET is empty')
    expect(warn.messages).toEqual([])
  })
})

describe('error messages never leak secrets', () => {
  const canary = 'CANARY-d0-not-l0g-me-7f3a'
  const canaryKey = newKey()
  const canaryRing = parseKeyRing(`canary:${canaryKey}`)
  const sealed = canaryRing.encrypt({ password: canary })

  /** Every failure we can provoke with the canary key or the canary plaintext around. */
  const failures: Array<[string, () => unknown]> = [
    ['missing colon', () => parseKeyRing(canaryKey)],
    ['key and id swapped', () => parseKeyRing(`${canaryKey}:canary`)],
    ['short key', () => parseKeyRing(`canary:${canaryKey.slice(0, 24)}`)],
    ['long key', () => parseKeyRing(`canary:${canaryKey}${canaryKey}`)],
    ['bad base64', () => parseKeyRing(`canary:${canaryKey.slice(0, -2)}*=`)],
    ['duplicate id', () => parseKeyRing(`canary:${canaryKey},canary:${canaryKey}`)],
    ['bad later entry', () => parseKeyRing(`canary:${canaryKey},${canaryKey}`)],
    ['altered ciphertext', () => canaryRing.decrypt(alterPart(sealed, 4))],
    ['altered tag', () => canaryRing.decrypt(alterPart(sealed, 3))],
    ['unknown key', () => parseKeyRing(`other:${K1}`).decrypt(sealed)],
    ['wrong key, same id', () => parseKeyRing(`canary:${K1}`).decrypt(sealed)],
    ['not sealed', () => canaryRing.decrypt(canary)],
    [
      'non-string field',
      () => canaryRing.encrypt({ password: [canary] } as unknown as Record<string, string>),
    ],
  ]

  it.each(failures)('%s', (_name, action) => {
    const error = credentialsErrorOf(action)
    const visible = `${error.message}\n${String(error.stack)}\n${String(error.cause ?? '')}`
    expect(visible).not.toContain(canary)
    expect(visible).not.toContain(canaryKey)
    expect(visible).not.toContain(canaryKey.slice(0, 16))
  })

  it('does not expose keys when the ring itself is logged', () => {
    expect(JSON.stringify(canaryRing)).not.toContain(canaryKey.slice(0, 16))
    expect(Object.keys(canaryRing).sort()).toEqual(
      ['decrypt', 'encrypt', 'keyIdOf', 'needsRotation', 'primaryKeyId'].sort(),
    )
  })
})
