import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { createLogDestination } from './log-destination.ts';

/** A real TCP connection whose reader never reads (paused), as a stdout pipe nobody drains. */
async function unreadConnection(): Promise<{ writer: Socket; reader: Socket; close(): void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const writer = connect(address.port, '127.0.0.1');
  await once(writer, 'connect');
  const [reader] = await accepted;
  reader.pause();
  return { writer, reader, close: () => (writer.destroy(), reader.destroy(), server.close()) };
}

const LINE = `${JSON.stringify({ level: 30, msg: 'x'.repeat(1000) })}\n`;

test('a reader that never reads: lines beyond the bound are dropped and counted, never buffered without end', async () => {
  const { writer, close } = await unreadConnection();
  try {
    let counted = 0;
    const logs = createLogDestination(writer, () => (counted += 1), 64 << 10);
    for (let i = 0; i < 20_000; i += 1) logs.write(LINE); // 20 MB
    assert.ok(logs.dropped > 0, 'lines dropped');
    assert.equal(counted, logs.dropped, 'each drop reported');
    assert.ok(writer.writableLength <= (64 << 10) + LINE.length, `buffered ${writer.writableLength} bytes`);
    const started = performance.now();
    await logs.flush(200);
    assert.ok(performance.now() - started < 1000, 'flush gives up after its bound');
  } finally {
    close();
  }
});

test('a reader gone (EPIPE/ECONNRESET): no exception, every later line dropped', async () => {
  const { writer, reader, close } = await unreadConnection();
  try {
    const logs = createLogDestination(writer);
    reader.destroy();
    // Writes after the peer closed fail asynchronously; the destination must notice, not throw.
    for (let i = 0; i < 2000 && !writer.destroyed; i += 1) {
      logs.write(LINE);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const before = logs.dropped;
    logs.write(LINE);
    assert.equal(logs.dropped, before + 1, 'dropped once the stream failed');
    await logs.flush(1000);
  } finally {
    close();
  }
});
