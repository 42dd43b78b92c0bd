// A Chromium CPU profile of part of a benchmark, taken only when
// CONCORD_CPU_PROFILE names a folder: the raw `.cpuprofile` (open it in
// Chromium's DevTools) and a summary of where the time went, by function.
// Function names need the wasm before wasm-opt (which drops them): point
// CONCORD_APP_DIR at a copy of `<target>/app` whose concord_app_bg.wasm is
// `<target>/app-bindgen/`'s. Figures measured while profiling run slower.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOP = 40;

export class CpuProfile {
  static async startIfAsked(page, name) {
    const dir = process.env.CONCORD_CPU_PROFILE;
    if (!dir) return null;
    const session = await page.context().newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
    return new CpuProfile(session, dir, name);
  }

  constructor(session, dir, name) {
    this.session = session;
    this.dir = dir;
    this.name = name;
  }

  async stop() {
    const { profile } = await this.session.send('Profiler.stop');
    await this.session.detach();
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${this.name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`\n== CPU profile of ${this.name}: ${file}`);
    for (const [label, rows] of [['self', selfTimes(profile)], ['total', totalTimes(profile)]]) {
      console.log(`-- by ${label} time`);
      for (const [fn, ms, share] of rows.slice(0, TOP)) {
        console.log(`${ms.toFixed(1).padStart(10)} ms ${(share * 100).toFixed(1).padStart(5)}%  ${fn}`);
      }
    }
  }
}

function nameOf(node) {
  const { functionName, url } = node.callFrame;
  return functionName || `(anonymous ${url.split('/').pop()})`;
}

/** Sample time per node: the profile's samples and their time deltas. */
function timePerNode(profile) {
  const time = new Map();
  profile.samples.forEach((id, i) => {
    time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return time;
}

function ranked(byName, whole) {
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([fn, ms]) => [fn, ms, whole > 0 ? ms / whole : 0]);
}

function selfTimes(profile) {
  const time = timePerNode(profile);
  const byName = new Map();
  let whole = 0;
  for (const node of profile.nodes) {
    const ms = time.get(node.id) ?? 0;
    whole += ms;
    byName.set(nameOf(node), (byName.get(nameOf(node)) ?? 0) + ms);
  }
  return ranked(byName, whole);
}

/** Time in a function or anything it called, each sample counted once per function. */
function totalTimes(profile) {
  const time = timePerNode(profile);
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byName = new Map();
  let whole = 0;
  for (const [id, ms] of time) {
    whole += ms;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at));
      if (seen.has(name)) continue;
      seen.add(name);
      byName.set(name, (byName.get(name) ?? 0) + ms);
    }
  }
  return ranked(byName, whole);
}
