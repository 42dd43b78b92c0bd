// A modified client: speaks the sync protocol in raw frames with a real
// session cookie, so a test can send changes the app would never send and
// see what the relay answers.
import * as Automerge from '@automerge/automerge';
import { cbor } from '@automerge/automerge-repo/slim';
import { WebSocket } from 'ws';

export class RawSyncClient {
  constructor(socket, peerId) {
    this.socket = socket;
    this.peerId = peerId;
    this.relayId = null;
    this.inbox = [];
    this.waiters = [];
    this.closed = null;
    socket.on('message', (data) => this.#push(cbor.decode(new Uint8Array(data))));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.#push({ type: 'closed', code, reason: reason.toString() });
    });
  }

  /** Opens `/sync` at `baseUrl` with the session `cookie` and joins. */
  static async connect(baseUrl, cookie, peerId = `raw-${Math.random().toString(36).slice(2)}`) {
    const url = baseUrl.replace(/^http/, 'ws') + '/sync';
    const socket = new WebSocket(url, { headers: { cookie } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('unexpected-response', (_, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      socket.once('error', reject);
    });
    const client = new RawSyncClient(socket, peerId);
    client.send({ type: 'join', senderId: peerId, supportedProtocolVersions: ['1'], peerMetadata: {} });
    const peer = await client.next((m) => m.type === 'peer');
    client.relayId = peer.senderId;
    return client;
  }

  send(message) {
    this.socket.send(cbor.encode(message));
  }

  /** The next message matching `wanted` (a close counts as one), within `ms`. */
  next(wanted, ms = 15_000) {
    const found = this.inbox.findIndex((m) => wanted(m) || m.type === 'closed');
    if (found >= 0) return Promise.resolve(this.inbox.splice(found, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message in time')), ms);
      this.waiters.push({ wanted, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  #push(message) {
    const at = this.waiters.findIndex((w) => w.wanted(message) || message.type === 'closed');
    if (at >= 0) this.waiters.splice(at, 1)[0].resolve(message);
    else this.inbox.push(message);
  }

  /** Fetches the whole document `documentId`; resolves to the Automerge doc. */
  async fetch(documentId) {
    let doc = Automerge.init();
    let state = Automerge.initSyncState();
    let message;
    [state, message] = Automerge.generateSyncMessage(doc, state);
    this.send({ type: 'request', senderId: this.peerId, targetId: this.relayId, documentId, data: message });
    for (;;) {
      const answer = await this.next((m) => m.documentId === documentId);
      if (answer.type !== 'sync') throw new Error(`expected the document, got ${answer.type}`);
      [doc, state] = Automerge.receiveSyncMessage(doc, state, answer.data);
      [state, message] = Automerge.generateSyncMessage(doc, state);
      if (message) {
        this.send({ type: 'sync', senderId: this.peerId, targetId: this.relayId, documentId, data: message });
      }
      // The relay sends everything a peer that has nothing lacks at once.
      if (Automerge.getHeads(doc).length > 0) {
        this.state = state;
        return doc;
      }
    }
  }

  /** Sends the changes `doc` has beyond what the relay has, as one sync message. */
  sendChanges(documentId, doc) {
    const [state, message] = Automerge.generateSyncMessage(doc, this.state);
    this.state = state;
    if (!message) throw new Error('nothing to send');
    this.send({ type: 'sync', senderId: this.peerId, targetId: this.relayId, documentId, data: message });
  }

  close() {
    this.socket.close();
  }
}
