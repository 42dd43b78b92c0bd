// A websocket proxy on a free loopback port that forwards every frame between
// its clients and one upstream server and keeps a copy of each, so tests can
// look at the exact bytes JavaScript peers put on the wire.
import { WebSocket, WebSocketServer } from 'ws';

export async function startFrameRecorder(upstreamUrl) {
  const frames = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  server.on('connection', (client) => {
    const upstream = new WebSocket(upstreamUrl);
    const pending = [];
    const record = (from, data) => frames.push({ from, bytes: new Uint8Array(data) });
    client.on('message', (data, isBinary) => {
      record('client', data);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
      else pending.push([data, isBinary]);
    });
    upstream.on('open', () => {
      for (const [data, isBinary] of pending.splice(0)) upstream.send(data, { binary: isBinary });
    });
    upstream.on('message', (data, isBinary) => {
      record('server', data);
      client.send(data, { binary: isBinary });
    });
    upstream.on('close', () => client.close());
    client.on('close', () => upstream.close());
    upstream.on('error', () => client.terminate());
    client.on('error', () => upstream.terminate());
  });

  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    frames,
    async stop() {
      for (const socket of server.clients) socket.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
