import { readId } from './access'

describe('readId', () => {
  it.each([
    [2, 2],
    ['2', 2],
    [{ id: 2 }, 2],
    [{ id: '2' }, 2],
    [{ relationTo: 'sites', value: 2 }, 2],
    [{ relationTo: 'sites', value: '2' }, 2],
    [{ relationTo: 'sites', value: { id: 2 } }, 2],
    [2 ** 31 - 1, 2 ** 31 - 1],
  ])('reads %j as %d', (value, id) => {
    expect(readId(value, 'sites')).toBe(id)
  })

  it.each([
    '2abc',
    ' 2',
    '2 ',
    '02',
    '0',
    '-1',
    '1e3',
    '0x10',
    '',
    '2.0',
    2.5,
    0,
    -1,
    NaN,
    Infinity,
    2 ** 31,
    Number.MAX_SAFE_INTEGER + 2,
    '2147483648',
    '99999999999999999999',
    true,
    false,
    null,
    undefined,
    [],
    [2],
    {},
    { id: null },
    { id: 2.5 },
    { value: 2 },
    { relationTo: 'pages', value: 2 },
    { relationTo: 'sites' },
    { relationTo: 'sites', value: { relationTo: 'sites', value: 2 } },
  ])('refuses %j', (value) => {
    expect(readId(value, 'sites')).toBeNull()
  })

  it('reads { relationTo, value } of any collection when none is named', () => {
    expect(readId({ relationTo: 'pages', value: 3 })).toBe(3)
  })
})
