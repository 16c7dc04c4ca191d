/** The hosted sites' release store: atomic, content-addressed releases per site, with rollback. */
export type {
  FileSource,
  ReleaseInfo,
  ReleaseManifest,
  ReleaseStoreOptions,
  WriteReleaseInput,
  WriteResult,
} from './releaseStore'
export { assertOutputPath, ReleaseStore } from './releaseStore'
