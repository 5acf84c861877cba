// Pending dead letters, each with a Replay button (POST /ops/dead-letters/{id}/replay).
import { get, post } from './api.js';
import { el, fill, message, setText, show, time } from './dom.js';

const SHOWN = 20;

function replayButton(letter, refresh) {
  const button = el('button', { type: 'button', class: 'replay', 'data-dead-letter-id': letter.id }, 'Replay');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await post(`dead-letters/${encodeURIComponent(letter.id)}/replay`, { reason: 'replayed from the dashboard' });
      message('dead-letters-message', `Dead letter ${letter.id} replayed.`);
    } catch (error) {
      message('dead-letters-message', `Replay of ${letter.id} failed: ${error.message}`, true);
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
      el('td', {}, replayButton(d, refresh))))));
}
