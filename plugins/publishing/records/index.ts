/**
 * Publishing records: the one record type (`PublishingRecord`) and every read and write of the
 * `publishing-records` collection. Nothing outside this folder reads or writes records through the
 * database adapter, `payload.update`/`create` or SQL; the admin's listings read them through the
 * Local API with the signed-in user's access.
 */
export * from './bulkRuns'
export * from './intents'
export * from './record'
export { recordKey } from './recordKey'
export * from './records'
export { recordTrigger } from './recordTrigger'
export { remoteHash } from './remoteHash'
