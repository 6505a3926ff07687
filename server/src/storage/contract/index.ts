/** Every store's contract suite, for a backend's test file to run against its factory. */
import { agreementStoreContract } from './agreement.contract.js';
import { caucusHistoryStoreContract } from './caucusHistory.contract.js';
import { chatStoreContract } from './chat.contract.js';
import { documentStoreContract } from './documents.contract.js';
import type { BackendFactory } from './harness.js';
import { generationStoreContract } from './generations.contract.js';
import { intakeStoresContract } from './intake.contract.js';
import { followupStoresContract } from './followup.contract.js';
import { practiceStoresContract } from './practice.contract.js';
import { scoreStoreContract } from './scores.contract.js';
import { sessionStoreContract } from './sessions.contract.js';

export type { BackendFactory, BackendInstance } from './harness.js';

export function storesContract(factory: BackendFactory): void {
  sessionStoreContract(factory);
  documentStoreContract(factory);
  agreementStoreContract(factory);
  scoreStoreContract(factory);
  caucusHistoryStoreContract(factory);
  chatStoreContract(factory);
  generationStoreContract(factory);
  practiceStoresContract(factory);
  intakeStoresContract(factory);
  followupStoresContract(factory);
}
