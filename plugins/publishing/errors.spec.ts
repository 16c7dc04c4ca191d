import { PublishingError, redactError, redactSecrets } from './errors'

describe('redactSecrets', () => {
  it('replaces every secret, whatever its case', () => {
    expect(
      redactSecrets('user Jane.Doe@example.com, password hunter2-Very-Long', [
        'jane.doe@example.com',
        'hunter2-very-long',
      ]),
    ).toBe('user [redacted], password [redacted]')
  })

  it('replaces a short secret only where it stands alone', () => {
    expect(
      redactSecrets('Editor bob may not edit; bobby and kebob are other words. <b>bob</b>', [
        'bob',
        'Editor',
      ]),
    ).toBe('[redacted] [redacted] may not edit; bobby and kebob are other words. <b>[redacted]</b>')
  })

  it('replaces a long secret also inside other text, the longest first', () => {
    expect(redactSecrets('token=abcdEFGH1234ijklXYZ', ['abcd', 'abcdEFGH1234ijkl'])).toBe(
      'token=[redacted]XYZ',
    )
  })

  it('leaves the text alone for empty, blank or non-string secrets, and escapes patterns', () => {
    expect(redactSecrets('a.b (c) [d]', ['', '  ', null, 42, undefined])).toBe('a.b (c) [d]')
    expect(redactSecrets('a.b (c) axb', ['a.b'])).toBe('[redacted] (c) axb')
  })
})

describe('redactError', () => {
  it('keeps whether to retry, the status and Retry-After', () => {
    const error = new PublishingError('HTTP 429 for user bob', {
      retryable: true,
      status: 429,
      retryAfterMs: 5000,
    })
    expect(redactError(error, ['bob'])).toMatchObject({
      message: 'HTTP 429 for user [redacted]',
      retryable: true,
      status: 429,
      retryAfterMs: 5000,
    })
    expect(redactError(error, ['alice'])).toBe(error)
  })
})
