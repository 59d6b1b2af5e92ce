/** For tests that check heavy work leaves the process answering: `/healthz` polled while it runs. */
import assert from 'node:assert/strict';

/** Runs `work` while fetching `${url}/healthz` every 10 ms; each answer's time in ms. */
export async function healthzTimes(url: string, work: () => Promise<void>): Promise<number[]> {
  let running = true;
  const times: number[] = [];
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 200);
      await response.text();
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await poll;
  }
  return times;
}

/** The share of answers within `boundMs`, the worst, and a one-line summary for the log. */
export function summarize(times: readonly number[], boundMs: number) {
  const worst = Math.max(...times);
  const within = times.filter((ms) => ms < boundMs).length / times.length;
  const summary = `${times.length} /healthz, ${(within * 100).toFixed(0)}% within ${boundMs} ms, worst ${worst.toFixed(0)} ms`;
  return { worst, within, summary };
}
