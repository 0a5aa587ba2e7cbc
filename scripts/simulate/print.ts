import type { Summary } from './report.ts';

/** The summary as plain aligned tables (no colour), for a terminal or a CI log. */
function table(title: string, rows: Array<[string, string | number | null]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value ?? '–'}`);
  return `${title}\n${lines.join('\n')}\n`;
}

const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);
const hours = (h: number | null) => (h === null ? '–' : h < 1 ? `${(h * 60).toFixed(0)} min` : `${h.toFixed(1)} h`);
const pair = (x: { median: number | null; p90: number | null }) => `median ${hours(x.median)}, p90 ${hours(x.p90)}`;

export function formatSummary(s: Summary): string {
  const parts: string[] = [];
  parts.push(
    table(`Simulated day (${s.run.mode}, seed ${s.run.seed}, time scale ${s.run.timeScale}×${s.run.withTrains ? ', trains API' : ', no trains API'})`, [
      ['trains (outbound)', `${s.plan.trains} (${s.plan.outbound})`],
      ['containers', s.plan.containers],
      ['consignments planned / filed', `${s.plan.consignments} / ${s.throughput.consignmentsFiled}`],
      ['real time', `${s.run.realSeconds} s`],
      ['simulated time', `${s.run.simulatedHours} h`],
    ]),
  );
  parts.push(table('Consignments by final status', Object.entries(s.finalStatus).map(([status, n]) => [status, n])));
  parts.push(
    table('Throughput', [
      ['consignments settled per real minute', s.throughput.settledPerRealMinute],
      ['API calls per second', s.throughput.apiCallsPerSecond],
      ['tasks answered by officers', s.throughput.tasksAnswered],
      ['train events recorded', s.throughput.trainEvents],
    ]),
  );
  parts.push(
    table('API latency (as the simulated bureaus saw it)', [
      ['calls (retries)', `${s.latency.calls} (${s.latency.retries})`],
      ['p50 / p99', `${s.latency.p50Ms} ms / ${s.latency.p99Ms} ms`],
      ...s.latency.byRoute.slice(0, 8).map((r): [string, string] => [`  ${r.route}`, `${r.calls} calls, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`]),
      ['actions late against plan, p50 / p99', `${s.lag.p50Minutes} / ${s.lag.p99Minutes} simulated min`],
    ]),
  );
  parts.push(
    table('State transitions (StateEntered in each execution history)', [
      ['per consignment: mean / p50 / p90 / max', `${s.transitions.perConsignment.mean} / ${s.transitions.perConsignment.p50} / ${s.transitions.perConsignment.p90} / ${s.transitions.perConsignment.max} (${s.transitions.perConsignment.executions} executions)`],
      ...s.transitions.byPath.map((p): [string, string] => [`  ${p.path}`, `${p.mean} (${p.consignments})`]),
      ['per TrainRun execution: mean / max', `${s.transitions.perTrainRun.mean} / ${s.transitions.perTrainRun.max} (${s.transitions.perTrainRun.executions}: pre-arrival notices and runs)`],
      ['Step Functions cost per 1,000 consignments', `$${s.transitions.usdPer1000Consignments} (train runs included)`],
    ]),
  );
  parts.push(
    table('GET /stats (durations in simulated time)', [
      ['imports direct-through (no port inspection)', `${percent(s.stats.importsDirectThrough.share)} (${s.stats.importsDirectThrough.count}/${s.stats.importsDirectThrough.of})`],
      ['exports released with no port action', `${percent(s.stats.exportsReleasedWithoutPortAction.share)} (${s.stats.exportsReleasedWithoutPortAction.count}/${s.stats.exportsReleasedWithoutPortAction.of})`],
      ['filing → release', pair(s.simulatedHours.filingToRelease)],
      ['port dwell', pair(s.simulatedHours.portDwell)],
      ['nonconformity rate', `${percent(s.stats.nonconformity.share)} (${s.stats.nonconformity.count}/${s.stats.nonconformity.of})`],
      ['return cargo (imports on inbound trains)', `${s.returnCargo.consignments} consignments, ${s.returnCargo.containers} containers (${percent(s.returnCargo.share)} of imports)`],
      ['designated sites in force (GET /designated-sites)', s.designatedSites.join(', ') || '–'],
      ['port checks completed from train results', s.trainRuns.coveredByTrain],
      ['consignments an officer had to check after the train results', s.trainRuns.awaitingOfficer],
      ['exports held back at exit (not cleared)', s.trainRuns.heldBack],
      ['escalations (deadlines passed)', Object.entries(s.escalations).map(([kind, n]) => `${kind} ${n}`).join(', ') || 0],
    ]),
  );
  const cf = s.counterfactual;
  parts.push(
    table(`Direct-through against every import opened at the port (${cf.imports} imports)`, [
      ['', 'direct-through  |  all opened'],
      ['imports opened at the port', `${cf.openedAtPort.actual}  |  ${cf.openedAtPort.counterfactual}`],
      ['containers opened', `${cf.containersOpened.actual}  |  ${cf.containersOpened.counterfactual}`],
      ['port inspection hours', `${cf.portInspection.officerHoursActual}  |  ${cf.portInspection.officerHoursCounterfactual}`],
      ['import port dwell', `${pair(cf.importPortDwellHours.actual)}  |  ${pair(cf.importPortDwellHours.counterfactual)}`],
      ['import filing → release', `${pair(cf.importFilingToReleaseHours.actual)}  |  ${pair(cf.importFilingToReleaseHours.counterfactual)}`],
      ['(measured port inspections)', `${cf.portInspection.measured}, median ${cf.portInspection.medianMinutes ?? '–'} min, p90 ${cf.portInspection.p90Minutes ?? '–'} min`],
    ]),
  );
  if (s.diagnostics.length > 0) parts.push(table(`Local cloud diagnostics (${s.diagnostics.length})`, s.diagnostics.slice(0, 5).map((d, i): [string, string] => [`${i + 1}.`, d.slice(0, 240)])));
  if (s.problems.length > 0) parts.push(table(`Problems (${s.problems.length})`, s.problems.slice(0, 10).map((p, i): [string, string] => [`${i + 1}.`, p])));
  return parts.join('\n');
}
