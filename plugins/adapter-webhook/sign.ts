import { createHmac, timingSafeEqual } from 'crypto'

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as sent in `X-Syndicate-Signature`. */
export const sign = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/** For receivers (and our tests): does the signature match the body? Constant-time. */
export const verifySignature = (
  body: string,
  secret: string,
  signature: string | null | undefined,
): boolean => {
  if (!signature) return false
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
