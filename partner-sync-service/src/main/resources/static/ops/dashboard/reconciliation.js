// The latest reconciliation and a button to start one over the whole country.
import { get, post } from './api.js';
import { facts, message, table, time } from './dom.js';

export async function refreshReconciliation() {
  // The list answers 200 when there has been no run yet (latest would be a 404).
  const runs = (await get('reconciliations?limit=1')).items || [];
  if (runs.length === 0) {
    facts('reconciliation-facts', [['latest run', 'none yet']]);
    table('reconciliation-findings', [], []);
    return;
  }
  const run = await get(`reconciliations/${encodeURIComponent(runs[0].id)}`);
  facts('reconciliation-facts', [
    ['state', run.state], ['prefix', run.prefix || 'whole country'], ['requested by', run.requestedBy],
    ['started', time(run.startedAt)], ['finished', time(run.finishedAt)],
    ['missing / stale / extra / ahead', [run.missing, run.stale, run.extra, run.ahead].join(' / ')],
    ['buckets compared', run.bucketsCompared], ['republished', run.republish ? 'yes' : 'no'],
    ['failure', run.failure],
  ]);
  table('reconciliation-findings', ['NIK', 'finding', 'registry', 'replica'], (run.findings || []).slice(0, 20),
    (f) => [f.nik, f.kind, f.registryVersion, f.replicaVersion]);
}

export function wireReconciliation(refresh) {
  const button = document.getElementById('run-reconciliation');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const reason = document.getElementById('reconciliation-reason').value.trim();
      await post('reconciliations', reason ? { reason } : {});
      message('reconciliation-message', 'Reconciliation started.');
    } catch (error) {
      message('reconciliation-message', `Could not start: ${error.message}`, true);
    } finally {
      button.disabled = false;
      await refresh();
    }
  });
}
