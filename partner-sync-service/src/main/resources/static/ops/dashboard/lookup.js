// NIK lookup: GET /ops/residents/{nik}/sync-state.
import { get } from './api.js';
import { facts, message, table, time } from './dom.js';

export function wireLookup() {
  document.getElementById('lookup-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const nik = document.getElementById('lookup-nik').value.trim();
    facts('lookup-facts', []);
    table('lookup-dead-letters', [], []);
    table('lookup-reonline', [], []);
    // Checked here so a typo does not cost a request (and a 400 in the console).
    if (!/^\d{16}$/.test(nik)) {
      message('lookup-message', 'A NIK is 16 digits.', true);
      return;
    }
    message('lookup-message', 'Looking up…');
    try {
      const s = await get(`residents/${encodeURIComponent(nik)}/sync-state`);
      message('lookup-message', '');
      facts('lookup-facts', [['NIK', s.nik], ['state', s.state], ['version', s.version], ['status', s.status],
        ['changeSeq', s.changeSeq], ['change', s.changeType], ['registry changed', time(s.registryChangedAt)],
        ['replicated', time(s.replicatedAt)]]);
      table('lookup-dead-letters', ['dead letter', 'reason', 'status', 'version', 'created'], s.deadLetters,
        (d) => [d.id, d.reasonCode, d.status, d.eventVersion, time(d.createdAt)]);
      table('lookup-reonline', ['re-online request', 'institution', 'status', 'code', 'requested'],
        s.reonlineRequests || [], (r) => [r.id, r.institutionName, r.status, r.code, time(r.requestedAt)]);
    } catch (error) {
      message('lookup-message', `Lookup failed: ${error.message}`, true);
    }
  });
}
