// Partner re-online requests: GET /ops/reonline-requests (failed first, then newest), what is
// pending, and the NIKs refused now for repeated rejections.
import { get } from './api.js';
import { facts, table, time } from './dom.js';

export async function refreshReonline() {
  const page = await get('reonline-requests?size=20');
  facts('reonline-facts', [['pending', page.pending.count], ['oldest pending', time(page.pending.oldestRequestedAt)],
    ['requests', page.total], ['NIKs refused', page.refusedNiks.length]]);
  table('reonline-requests', ['requested', 'institution', 'NIK', 'status', 'code', 'version', 'dead letter', 'reason'],
    page.items, (r) => [time(r.requestedAt), r.institutionName, r.nik, r.status, r.code,
      r.onlineVersion ?? r.targetVersion, r.deadLetterId, r.reason]);
  table('reonline-refused', ['NIK', 'rejections', 'refused until'], page.refusedNiks,
    (n) => [n.nik, n.rejections, time(n.refusedUntil)]);
}
