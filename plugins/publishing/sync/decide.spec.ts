import { decide, type SyncFacts } from './decide'

const base: SyncFacts = {
  remoteHash: 'r1',
  lastRemoteHash: 'r1',
  sameModifiedAt: false,
  localHash: 'l1',
  lastLocalHash: 'l1',
  recordStatus: 'published',
  removed: false,
  policy: 'manual',
  direction: 'both',
}
const remoteChanged = { remoteHash: 'r2' }
const localChanged = { localHash: 'l2' }

describe('decide: the two-way sync decision table', () => {
  it.each<[string, Partial<SyncFacts>, ReturnType<typeof decide>]>([
    ['nothing changed (our own write listed again)', {}, 'none'],
    ['only the remote changed', remoteChanged, 'pull'],
    ['only the local document changed', localChanged, 'push'],
    ['both changed, manual', { ...remoteChanged, ...localChanged }, 'conflict'],
    [
      'both changed, prefer-local',
      { ...remoteChanged, ...localChanged, policy: 'prefer-local' },
      'push',
    ],
    [
      'both changed, prefer-remote',
      { ...remoteChanged, ...localChanged, policy: 'prefer-remote' },
      'pull',
    ],
    [
      'remote changed while a delivery is queued',
      { ...remoteChanged, recordStatus: 'queued' },
      'conflict',
    ],
    [
      'remote changed after a failed delivery',
      { ...remoteChanged, recordStatus: 'failed' },
      'conflict',
    ],
    [
      'nothing new while a delivery is queued: it is on its way',
      { recordStatus: 'queued' },
      'none',
    ],
    ['a failed delivery and no remote change: deliver again', { recordStatus: 'failed' }, 'push'],
    ['trashed remotely (hash moved)', { ...remoteChanged, removed: true }, 'mark-removed'],
    ['trashed remotely, already recorded', { removed: true }, 'none'],
    [
      'trashed remotely while local changed: recorded, not pushed',
      { ...remoteChanged, ...localChanged, removed: true },
      'mark-removed',
    ],
    [
      'in conflict, remote moved again',
      { ...remoteChanged, recordStatus: 'conflict' },
      'refresh-conflict',
    ],
    ['in conflict, local moved again', { ...localChanged, recordStatus: 'conflict' }, 'none'],
    ['local document is a draft (no local hash)', { localHash: null }, 'none'],
    [
      'direction push: remote change not written here',
      { ...remoteChanged, direction: 'push' },
      'none',
    ],
    ['direction pull: local change not delivered', { ...localChanged, direction: 'pull' }, 'none'],
    [
      'direction push, both changed, prefer-remote: a conflict, never a pull',
      { ...remoteChanged, ...localChanged, direction: 'push', policy: 'prefer-remote' },
      'conflict',
    ],
    [
      'direction pull, both changed, prefer-local: a conflict, never a push',
      { ...remoteChanged, ...localChanged, direction: 'pull', policy: 'prefer-local' },
      'conflict',
    ],
    [
      'record without a remote hash, same modification time',
      { lastRemoteHash: null, sameModifiedAt: true },
      'none',
    ],
    [
      'record without a remote hash, other modification time',
      { lastRemoteHash: null, sameModifiedAt: false },
      'pull',
    ],
  ])('%s → %s', (_name, facts, expected) => {
    expect(decide({ ...base, ...facts })).toBe(expected)
  })
})
