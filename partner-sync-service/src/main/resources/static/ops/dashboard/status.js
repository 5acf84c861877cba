// GET /ops/sync-status: the banner, charts, outbox and counters. Every section tolerates
// fields the service does not report (older versions answer only consumer, records and
// dead letters), so the page works against either.
import { get } from './api.js';
import { lineChart } from './chart.js';
import { facts, seconds, setText, table, time } from './dom.js';

// Samples and freshness have been named with and without the unit suffix; take either.
const pick = (object, ...names) => (object ? names.map((n) => object[n]).find((v) => v !== undefined) : undefined);

function banner(status) {
  const verdict = status.verdict || {};
  const consumer = status.consumer || {};
  const level = verdict.status || 'UNKNOWN';
  document.getElementById('banner').dataset.status = level;
  setText('verdict-status', verdict.status || 'NO VERDICT');
  setText('verdict-reason', verdict.reason || (status.verdict ? '' : 'this service does not report a verdict'));
  const state = consumer.running === undefined ? '—'
    : `${consumer.running ? 'running' : 'stopped'}${consumer.paused ? ', paused' : ''}`;
  setText('consumer', state);
  setText('breaker', consumer.circuit || '—');
  setText('sampled-at', status.sampledAt ? time(status.sampledAt) : '—');
}

function charts(samples) {
  const points = (name, ...names) => samples.map((s) => ({ t: Date.parse(s.at), v: pick(s, name, ...names) }));
  lineChart('chart-offset-lag', points('offsetLag'));
  lineChart('chart-time-lag', points('maxTimeLagSeconds'));
  lineChart('chart-freshness', points('freshnessP99Seconds', 'freshnessP99'));
}

function lag(status) {
  const f = status.freshness;
  const totals = status.totals || {};
  facts('freshness-facts', [
    ['offset lag, all partitions', totals.offsetLag],
    ['time lag, oldest unconsumed', seconds(totals.maxTimeLagSeconds)],
    ['freshness p50 / p95 / p99', f ? ['p50', 'p95', 'p99'].map((p) => seconds(pick(f, `${p}Seconds`, p)) ?? '—').join(' / ') : undefined],
    ['freshness max', seconds(pick(f, 'maxSeconds', 'max'))],
    ['events measured since start', f && f.count],
  ]);
  table('partitions', ['topic', 'partition', 'end offset', 'committed', 'offset lag', 'time lag'], status.partitions,
    (p) => [p.topic, p.partition, p.endOffset, p.committedOffset, p.offsetLag, seconds(p.timeLagSeconds)]);
  // Why a partition does not move: the record it waits at and what last failed there.
  const stuck = Array.isArray(status.stuck) ? status.stuck : [];
  document.getElementById('stuck-heading').hidden = stuck.length === 0;
  table('stuck', ['topic', 'partition', 'waiting at offset', 'records behind', 'not moved since', 'failed attempts',
    'last error', 'last failed'], stuck,
  (s) => [s.topic, s.partition, s.offset, s.offsetLag, time(s.since), s.attempts, s.lastErrorClass || 'none recorded',
    time(s.lastErrorAt)]);
}

function outbox(o) {
  if (o && o.registryReachable === false) {
    facts('outbox-facts', [['registry', 'not reachable']]);
    return;
  }
  facts('outbox-facts', [
    ['pending rows', o && (o.pendingEstimated ? `at most ${o.pending} (estimated above 10,000)` : o.pending)],
    ['oldest pending', seconds(o && o.oldestPendingAgeSeconds)],
    ['last published changeSeq', o && o.lastPublishedChangeSeq],
    ['published total', o && o.publishedTotal],
  ]);
}

function records(r = {}, residents, rebuild) {
  const rebuilt = rebuild
    ? `${rebuild.status} ${rebuild.percent}% (${rebuild.trigger === 'OPERATOR' ? `by ${rebuild.requestedBy}` : rebuild.trigger}`
      + `, ${rebuild.recordsApplied} applied, ${rebuild.recordsSkipped} skipped)`
    : undefined;
  facts('records-facts', [['applied', r.applied], ['stale (discarded)', r.stale],
    ['dead-lettered', r.deadLettered], ['retries', r.retries],
    ['residents, registry / replica', residents ? `${residents.registryResidents} / ${residents.replicaResidents}` : undefined],
    ['records waiting at the count', residents ? residents.recordsWaiting : undefined],
    ['counted', residents ? time(residents.at) : undefined],
    ['last rebuild of the replica', rebuilt]]);
}

function deadLettersByReason(d) {
  const rows = d && d.byReason ? Object.entries(d.byReason) : [];
  table('dead-letters-by-reason', ['reason', 'pending'], rows.concat(rows.length ? [['all', d.total]] : []),
    ([reason, count]) => [reason, count]);
}

export async function refreshStatus() {
  const status = await get('sync-status');
  banner(status);
  charts(Array.isArray(status.samples) ? status.samples : []);
  lag(status);
  outbox(status.outbox);
  records(status.recordsSinceStart, status.residents, status.rebuild);
  deadLettersByReason(status.deadLetters);
}
