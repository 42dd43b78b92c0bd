// Accounts for the browser tests. The relay's first admin is made through
// the setup secret the relay prints at start (`http://<addr>/setup#<secret>`);
// that admin then creates each person the tests need, and each person's
// browser context signs in through its own request API, so the session
// cookie lands in that context as a real sign-in would put it there.
import { request } from 'playwright-core';

const ADMIN = { id: 'e2e-admin', display_name: 'E2E Admin', password: 'e2e-admin-password' };

/** Per relay URL: the setup secret (set by startRelay) and, once made, the admin's request context. */
const relays = new Map();

export function passwordOf(id) {
  return `${id}-password-e2e`;
}

/** startRelay reports the secret it read from the relay's stderr. */
export function registerSetupSecret(baseUrl, secret) {
  relays.set(baseUrl, { secret, admin: null, people: new Set() });
}

/**
 * Reads the setup secret from the relay's log: its link `…/setup#<secret>`,
 * or the `"secret": "…"` of the curl line it prints beside it.
 */
export function setupSecretIn(text) {
  const match = text.match(/https?:\/\/\S+\/setup#([\w-]+)/) ?? text.match(/"secret":\s*"([^"]+)"/);
  return match ? match[1] : null;
}

async function adminOf(baseUrl) {
  const relay = relays.get(baseUrl);
  if (!relay) throw new Error(`no setup secret known for ${baseUrl}: was the relay started by startRelay?`);
  if (!relay.admin) {
    relay.admin = (async () => {
      const admin = await request.newContext({ baseURL: baseUrl });
      const made = await admin.post('/api/setup', { data: { secret: relay.secret, ...ADMIN } });
      if (made.status() !== 201) throw new Error(`setup failed: ${made.status()} ${await made.text()}`);
      return admin;
    })();
  }
  return relay.admin;
}

/**
 * Creates a staff account `id` (once per relay), shown as `displayName`
 * (default: the id); `departments` are created as needed.
 */
export async function ensurePerson(
  baseUrl,
  id,
  { departments = [], heads = [], isAdmin = false, displayName = id } = {},
) {
  const relay = relays.get(baseUrl);
  const admin = await adminOf(baseUrl);
  if (relay.people.has(id)) return;
  for (const dept of [...departments, ...heads]) {
    // 409 name-taken: made for someone else already.
    await admin.post('/api/admin/departments', { data: { id: dept, name: dept } });
  }
  const made = await admin.post('/api/admin/people', {
    data: { id, display_name: displayName, password: passwordOf(id), is_admin: isAdmin, departments, heads },
  });
  if (made.status() !== 201 && made.status() !== 409) {
    throw new Error(`creating ${id} failed: ${made.status()} ${await made.text()}`);
  }
  relay.people.add(id);
}

/** Signs `id` in within the browser context (its cookie jar gets the session). */
export async function signInContext(context, baseUrl, id, options) {
  await ensurePerson(baseUrl, id, options);
  const answer = await context.request.post(`${baseUrl}/api/login`, {
    data: { id, password: passwordOf(id) },
  });
  if (answer.status() !== 200) throw new Error(`login of ${id} failed: ${answer.status()} ${await answer.text()}`);
}

/** Drops the admin's request context when the relay stops. */
export async function forgetRelay(baseUrl) {
  const relay = relays.get(baseUrl);
  relays.delete(baseUrl);
  if (relay?.admin) await (await relay.admin).dispose();
}

/** Records `superior` as `id`'s direct superior in the directory (as an admin would). */
export async function setSuperior(baseUrl, id, superior) {
  const admin = await adminOf(baseUrl);
  const answer = await admin.patch(`/api/admin/people/${id}`, { data: { superior } });
  if (answer.status() !== 200) throw new Error(`superior of ${id}: ${answer.status()} ${await answer.text()}`);
}

/** Creates department `id` named `name`, as an admin would, before anyone is put in it. */
export async function ensureDepartment(baseUrl, id, name) {
  const admin = await adminOf(baseUrl);
  const made = await admin.post('/api/admin/departments', { data: { id, name } });
  if (made.status() !== 201 && made.status() !== 409) {
    throw new Error(`department ${id}: ${made.status()} ${await made.text()}`);
  }
}
