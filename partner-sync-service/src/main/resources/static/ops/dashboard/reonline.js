// Partner re-online requests: GET /ops/reonline-requests (failed first, then newest), what is
// pending, and the NIKs refused now for repeated rejections, each with Lift (POST
// /ops/reonline-requests/refusals/{nik}/lift, which needs the operator's reason, audited with it).
import { get, post } from './api.js';
import { el, facts, message, table, time } from './dom.js';

function liftButton(nik, refresh) {
  const button = el('button', { type: 'button', class: 'lift', 'data-lift-nik': nik }, 'Lift');
  button.addEventListener('click', async () => {
    const reason = document.getElementById('reonline-reason').value.trim();
    if (!reason) {
      message('reonline-message', 'Lifting a refusal needs a reason: say why above.', true);
      return;
    }
    button.disabled = true;
    try {
      const lifted = await post(`reonline-requests/refusals/${encodeURIComponent(nik)}/lift`, { reason });
      message('reonline-message', `Refusal lifted (${lifted.liftedRejections} rejections no longer count).`);
    } catch (error) {
      message('reonline-message', `Lifting the refusal failed: ${error.message}`, true);
    } finally {
      await refresh();
    }
  });
  return button;
}

export async function refreshReonline(refresh) {
  const page = await get('reonline-requests?size=20');
  facts('reonline-facts', [['pending', page.pending.count], ['oldest pending', time(page.pending.oldestRequestedAt)],
    ['requests', page.total], ['NIKs refused', page.refusedNiks.length]]);
  table('reonline-requests', ['requested', 'institution', 'NIK', 'status', 'code', 'version', 'dead letter', 'reason'],
    page.items, (r) => [time(r.requestedAt), r.institutionName, r.nik, r.status, r.code,
      r.onlineVersion ?? r.targetVersion, r.deadLetterId, r.reason ?? r.forwardError]);
  table('reonline-refused', ['NIK', 'rejections', 'refused until', ''], page.refusedNiks,
    (n) => [n.nik, n.rejections, time(n.refusedUntil), liftButton(n.nik, refresh)]);
}
