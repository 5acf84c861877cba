// Pending dead letters, each with View, Replay and Discard (POST /ops/dead-letters/{id}/replay
// and /discard, which need the operator's reason, audited with the action). View opens one
// letter (GET /ops/dead-letters/{id}, audited): where it came from, why it failed, its
// decoded payload, its headers and its replay chain.
import { get, post } from './api.js';
import { el, facts, fill, message, setText, show, table, time } from './dom.js';

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

function headerValue(h) {
  if (h.number !== undefined) return h.number;
  if (h.text !== undefined) return h.text;
  if (h.base64 !== undefined) return `base64 ${h.base64}`;
  return '(null)';
}

function viewButton(id, label = 'View') {
  const button = el('button', { type: 'button', class: 'view', 'data-view-dead-letter': id }, label);
  button.addEventListener('click', () => showDeadLetter(id));
  return button;
}

/** Opens one dead letter below the list. */
export async function showDeadLetter(id) {
  let detail;
  try {
    detail = await get(`dead-letters/${encodeURIComponent(id)}`);
  } catch (error) {
    message('dead-letters-message', `Dead letter ${id} could not be read: ${error.message}`, true);
    return;
  }
  const d = detail.deadLetter || {};
  setText('dead-letter-detail-id', String(d.id));
  facts('dead-letter-detail-facts', [
    ['status', d.status],
    ['reason code', d.reasonCode],
    ['NIK', d.nik],
    ['event version', d.eventVersion],
    ['came from', `${d.originalTopic} partition ${d.originalPartition}, offset ${d.originalOffset}`],
    ['published at', time(d.originalTimestamp)],
    ['dead-lettered at', time(d.createdAt)],
    ['record key', detail.recordKey],
    // only for a key whose bytes are no UTF-8: its exact bytes
    ...(detail.recordKeyHex ? [['record key bytes (hex)', detail.recordKeyHex]] : []),
    ['exception', detail.exceptionClass],
    ['message', detail.exceptionMessage],
    ['replays', d.attempts],
    ['last replayed', time(d.lastReplayedAt)],
    ['discarded because', d.discardReason],
    ['superseded by version', d.supersededByVersion],
  ]);
  const chain = Array.isArray(detail.replayChain) ? detail.replayChain : [];
  fill('dead-letter-detail-chain');
  if (chain.length > 0) {
    fill('dead-letter-detail-chain',
      el('thead', {}, el('tr', {}, ...['id', 'replay of', 'status', 'reason', 'created', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...chain.map((c) => el('tr', { class: c.id === d.id ? 'current' : undefined },
        ...[c.id, c.replayOf, c.status, c.reasonCode, time(c.createdAt)].map((v) => el('td', {}, show(v))),
        el('td', {}, c.id === d.id ? 'this one' : viewButton(c.id))))));
  }
  const payload = detail.payload || {};
  setText('dead-letter-detail-payload', payload.event ? JSON.stringify(payload.event, null, 2)
    : `Not decodable: ${payload.decodeError || 'no payload'}\n${payload.bytes || 0} bytes${payload.base64 ? `, base64 ${payload.base64}` : ''}`);
  table('dead-letter-detail-headers', ['name', 'value'], detail.headers, (h) => [h.name, headerValue(h)]);
  const box = document.getElementById('dead-letter-detail');
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

export function wireDeadLetters() {
  document.getElementById('dead-letter-detail-close').addEventListener('click', () => {
    document.getElementById('dead-letter-detail').hidden = true;
  });
}

export async function refreshDeadLetters(refresh) {
  const page = await get(`dead-letters?status=PENDING&size=${SHOWN}`);
  const items = page.items || [];
  setText('dead-letters-shown', page.total > items.length ? `(newest ${items.length} of ${page.total})` : '');
  if (items.length === 0) {
    fill('dead-letters-pending', el('tbody', {}, el('tr', {}, el('td', {}, 'None pending.'))));
    return;
  }
  const headers = ['id', 'reason', 'NIK', 'version', 'created', 'replays', ''];
  fill('dead-letters-pending', el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...items.map((d) => el('tr', { 'data-dead-letter-id': d.id },
      ...[d.id, d.reasonCode, d.nik, d.eventVersion, time(d.createdAt), d.attempts].map((c) => el('td', {}, show(c))),
      el('td', {}, viewButton(d.id), actionButton(d, refresh, 'replay'), actionButton(d, refresh, 'discard'))))));
}
