import { descendantsOf, dropMove, flatten, keyboardMove, persistPlan, type TreePage } from './tree'

const page = (id: number, parent: number | null, order: string): TreePage => ({
  id,
  title: `P${id}`,
  parent,
  template: 'default',
  status: 'draft',
  order,
})

// 1
// ├ 2
// │ └ 3
// └ 4
// 5
const pages = [
  page(1, null, 'a0'),
  page(2, 1, 'a1'),
  page(3, 2, 'a2'),
  page(4, 1, 'a3'),
  page(5, null, 'a4'),
]

describe('flatten', () => {
  it('puts children under their parent in stored order, with depths', () => {
    expect(flatten(pages).map((p) => [p.id, p.depth])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 0],
    ])
  })
  it('shows pages whose parent is missing, or in a cycle, at the top level', () => {
    const odd = [page(7, 99, 'a0'), page(8, 9, 'a1'), page(9, 8, 'a2')]
    expect(flatten(odd).map((p) => [p.id, p.depth, p.parent])).toEqual([
      [7, 0, null],
      [8, 0, null],
      [9, 0, null],
    ])
  })
})

describe('descendantsOf', () => {
  it('collects the whole subtree', () => {
    expect([...descendantsOf(flatten(pages), 1)]).toEqual([2, 3, 4])
    expect([...descendantsOf(flatten(pages), 5)]).toEqual([])
  })
})

describe('dropMove', () => {
  it('drops a page after a sibling at the same depth', () => {
    const flat = flatten(pages)
    // Move 5 to the top: [5, 1, 2, 3, 4]
    const list = [flat[4], ...flat.slice(0, 4)]
    const move = dropMove(list, 0, 0)
    expect(move).toMatchObject({ id: 5, parent: null, after: null })
    expect(move.before?.id).toBe(1)
    expect(persistPlan(flat, move)).toEqual({
      parentChanged: false,
      reorder: { target: { id: 1, key: 'a0' }, newKeyWillBe: 'less' },
    })
  })
  it('makes a page a child when dragged to the right under another', () => {
    const flat = flatten(pages)
    // 5 dropped after 4, one level deeper than 4's siblings would allow: under 4? depth 2 wanted
    const list = [...flat]
    const move = dropMove(list, 4, 2)
    expect(move.parent).toBe(4)
    expect(persistPlan(flat, move)).toEqual({ parentChanged: true, reorder: null })
  })
  it('clamps the depth to what the neighbours allow', () => {
    const flat = flatten(pages)
    const move = dropMove(flat, 1, 5) // page 2 cannot go deeper than under page 1
    expect(move.parent).toBe(1)
  })
})

describe('keyboardMove', () => {
  const flat = flatten(pages)
  it('moves up and down among siblings', () => {
    expect(keyboardMove(flat, 4, 'up')).toMatchObject({ parent: 1, before: { id: 2 }, after: null })
    expect(keyboardMove(flat, 2, 'down')).toMatchObject({ parent: 1, after: { id: 4 } })
    expect(keyboardMove(flat, 1, 'up')).toBeNull()
    expect(keyboardMove(flat, 5, 'down')).toBeNull()
  })
  it('indents under the sibling above, after its last child', () => {
    expect(keyboardMove(flat, 4, 'indent')).toMatchObject({ parent: 2, after: { id: 3 } })
    expect(keyboardMove(flat, 5, 'indent')).toMatchObject({ parent: 1, after: { id: 4 } })
    expect(keyboardMove(flat, 1, 'indent')).toBeNull()
  })
  it('outdents to just after the old parent', () => {
    expect(keyboardMove(flat, 3, 'outdent')).toMatchObject({ parent: 1, after: { id: 2 } })
    expect(keyboardMove(flat, 5, 'outdent')).toBeNull()
  })
})
