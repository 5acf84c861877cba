// Pending dead letters, each with a Replay and a Discard button (POST /ops/dead-letters/{id}/replay
// and /discard). Both need the operator's reason, which is audited with the action.
import { get, post } from './api.js';
import { el, fill, message, setText, show, time } from './dom.js';

const SHOWN = 20;

function actionButton(letter, refresh, action) {
  const label = action === 'replay' ? 'Replay' : 'Discard';
  const button = el('button', { type: 'button', class: action, 'data-dead-letter-id': letter.id }, label);
  button.addEventListener('click', async () => {
    const reason = document.getElementById('dead-letters-reason').value.trim();
    if (!reason) {
      message('dead-letters-message', `${label} needs a reason: say why above.`, true);
      return;
    }
    button.disabled = true;
    try {
      await post(`dead-letters/${encodeURIComponent(letter.id)}/${action}`, { reason });
      message('dead-letters-message', `Dead letter ${letter.id} ${action === 'replay' ? 'replayed' : 'discarded'}.`);
    } catch (error) {
      message('dead-letters-message', `${label} of ${letter.id} failed: ${error.message}`, true);
    } finally {
      await refresh();
    }
  });
  return button;
}

export async function refreshDeadLetters(refresh) {
  const page = await get(`dead-letters?status=PENDING&size=${SHOWN}`);
  const items = page.items || [];
  setText('dead-letters-shown', page.total > items.length ? `(newest ${items.length} of ${page.total})` : '');
  if (items.length === 0) {
    fill('dead-letters-pending', el('tbody', {}, el('tr', {}, el('td', {}, 'None pending.'))));
    return;
  }
  const headers = ['id', 'reason', 'NIK', 'version', 'created', 'attempts', ''];
  fill('dead-letters-pending', el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...items.map((d) => el('tr', { 'data-dead-letter-id': d.id },
      ...[d.id, d.reasonCode, d.nik, d.eventVersion, time(d.createdAt), d.attempts].map((c) => el('td', {}, show(c))),
      el('td', {}, actionButton(d, refresh, 'replay'), actionButton(d, refresh, 'discard'))))));
}
