import { MAX_ID, parseId } from './requests'

describe('parseId', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [42, 42],
    [String(MAX_ID), MAX_ID],
  ])('reads %p as %p', (raw, id) => {
    expect(parseId(raw)).toEqual({ id })
  })

  it.each(['0', 0, '99999999999', 99999999999, String(MAX_ID + 1), -1])(
    'calls %p out of range: no row can have it',
    (raw) => {
      expect(parseId(raw)).toEqual({ problem: 'out of range' })
    },
  )

  it.each([
    'abc',
    '1e3',
    '0x10',
    ' 1',
    '1 ',
    '-1',
    '+1',
    '1.5',
    1.5,
    '',
    null,
    undefined,
    {},
    [1],
    { id: 1 },
    Number.NaN,
    1e300,
  ])('calls %p malformed', (raw) => {
    expect(parseId(raw)).toEqual({ problem: 'malformed' })
  })
})
