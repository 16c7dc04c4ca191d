/**
 * For tests only (`npm run lint:deps` refuses it to anything else): the shared adapter contract
 * suite every adapter plugin runs, and the in-memory fake adapter the platform's tests use.
 */
export {
  runAdapterContract,
  sampleDocument,
  type ContractHarness,
  type ContractRemoteStatus,
} from '../testing/adapterContract'
export * from '../testing/fakeAdapter'
