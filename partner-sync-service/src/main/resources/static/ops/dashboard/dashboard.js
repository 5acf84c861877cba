// Wires the page and refreshes it every few seconds. Each section refreshes on its own, so
// one failing call (say the registry is down) leaves the others current.
import { setText } from './dom.js';
import { refreshDeadLetters, wireDeadLetters } from './dead-letters.js';
import { wireLookup } from './lookup.js';
import { refreshReconciliation, wireReconciliation } from './reconciliation.js';
import { refreshReonline } from './reonline.js';
import { refreshStatus } from './status.js';

const EVERY_MS = 5000;
let running = null;

async function refresh() {
  // A click during a timed refresh waits for it rather than running two at once.
  if (running) await running;
  running = Promise.allSettled([refreshStatus(), refreshDeadLetters(refresh), refreshReconciliation(),
    refreshReonline(refresh)]);
  const results = await running;
  running = null;
  const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  setText('refresh-state', failed.length ? `refresh failed: ${[...new Set(failed)].join('; ')}`
    : `refreshed ${new Date().toLocaleTimeString('en-GB')}`);
  document.body.dataset.loaded = 'true';
}

wireReconciliation(refresh);
wireDeadLetters();
wireLookup();
refresh();
setInterval(refresh, EVERY_MS);
