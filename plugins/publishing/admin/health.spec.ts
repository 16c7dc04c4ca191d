import { integrationHealth } from './health'

describe('integrationHealth', () => {
  it('says disabled before anything else', () => {
    expect(integrationHealth({ isActive: false, syncStatus: 'running', failures: 3 })).toBe(
      'disabled',
    )
  })
  it('says syncing while a sync is pending or running', () => {
    expect(integrationHealth({ isActive: true, syncStatus: 'pending' })).toBe('syncing')
    expect(integrationHealth({ isActive: true, syncStatus: 'running', failures: 1 })).toBe(
      'syncing',
    )
  })
  it('says failing after a failed sync or with failed deliveries', () => {
    expect(integrationHealth({ isActive: true, syncStatus: 'failed' })).toBe('failing')
    expect(integrationHealth({ isActive: true, syncStatus: 'idle', failures: 2 })).toBe('failing')
  })
  it('says healthy otherwise', () => {
    expect(integrationHealth({ isActive: true, syncStatus: 'success', failures: 0 })).toBe(
      'healthy',
    )
    expect(integrationHealth({})).toBe('healthy')
  })
})
