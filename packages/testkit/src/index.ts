export { bridgeErrorOf } from './bridge-error-of.js';
export { type CapturedLine, createCaptureLogger } from './capture-logger.js';
export { type ConnectorScenarios, describeConnector } from './describe-connector.js';
export {
  createFakeUpstream,
  type FakeUpstream,
  HttpResponse,
  http,
  type RecordedRequest,
  type RequestHandler,
} from './fake-upstream.js';
export { faults } from './faults.js';
export { startRedisServer, type TestRedisServer } from './redis-server.js';
export {
  cursorInOffset,
  FAST_RETRY,
  offsetWithCursor,
  type RetrievalCall,
  type RetrievalHarnessOptions,
  retrievalHarness,
} from './retrieval-harness.js';
export {
  runAfterSpentBudget,
  type SpentBudgetRun,
  type SpentBudgetScenario,
  type SpentBudgetStep,
} from './spent-budget.js';
export { startTestPostgres, type TestPostgres } from './test-postgres.js';
