// Unit tests of the polling logic with a fake clock: no cluster, no real waiting.
import { KubeApiError } from '../kube/client';
import { FakeClock } from '../testing/fake-clock';
import { ProbeResult, waitFor } from './wait-for';

function scripted(results: readonly (ProbeResult | Error)[]): () => Promise<ProbeResult> {
  let index = 0;
  return async () => {
    const next = results[Math.min(index++, results.length - 1)];
    if (next instanceof Error) throw next;
    return next;
  };
}

describe('waitFor', () => {
  test('GIVEN a probe that holds on the third look WHEN waited for THEN it succeeds after two intervals', async () => {
    const clock = new FakeClock();
    const outcome = await waitFor(
      scripted([
        { done: false, detail: 'a' },
        { done: false, detail: 'b' },
        { done: true, detail: 'c' },
      ]),
      {
        timeoutMs: 60_000,
        intervalMs: 10_000,
        clock,
      },
    );
    expect(outcome).toEqual({ ok: true, detail: 'c', attempts: 3, elapsedMs: 20_000, timedOut: false });
    expect(clock.sleeps).toEqual([10_000, 10_000]);
  });

  test('GIVEN a probe that never holds WHEN the timeout passes THEN it fails with the last detail, and never sleeps past the timeout', async () => {
    const clock = new FakeClock();
    const outcome = await waitFor(scripted([{ done: false, detail: 'still waiting' }]), {
      timeoutMs: 25_000,
      intervalMs: 10_000,
      clock,
    });
    expect(outcome).toEqual({
      ok: false,
      detail: 'still waiting',
      attempts: 4,
      elapsedMs: 25_000,
      timedOut: true,
    });
    expect(clock.sleeps).toEqual([10_000, 10_000, 5_000]);
  });

  test('GIVEN a zero timeout WHEN the probe does not hold THEN there is exactly one attempt (an assertion)', async () => {
    const clock = new FakeClock();
    const outcome = await waitFor(scripted([{ done: false, detail: 'node n1 not Ready' }]), {
      timeoutMs: 0,
      intervalMs: 10_000,
      clock,
    });
    expect(outcome).toEqual({
      ok: false,
      detail: 'node n1 not Ready',
      attempts: 1,
      elapsedMs: 0,
      timedOut: true,
    });
    expect(clock.sleeps).toEqual([]);
  });

  test('GIVEN transient errors (network, HTTP 503, a type not served yet) WHEN they clear THEN the wait goes on and succeeds', async () => {
    const clock = new FakeClock();
    const outcome = await waitFor(
      scripted([
        new Error('connect ECONNREFUSED 172.18.0.3:6443'),
        new KubeApiError('HTTP 503: service unavailable', 503),
        new KubeApiError('HTTP 404: the server could not find the requested resource', 404),
        { done: true, detail: 'ok' },
      ]),
      { timeoutMs: 60_000, intervalMs: 5_000, clock },
    );
    expect(outcome).toEqual({ ok: true, detail: 'ok', attempts: 4, elapsedMs: 15_000, timedOut: false });
  });

  test('GIVEN an error retrying cannot fix (HTTP 422) WHEN it happens THEN the wait fails at once with its message', async () => {
    const clock = new FakeClock();
    const outcome = await waitFor(
      scripted([new KubeApiError('HTTP 422: topology field cannot be empty', 422)]),
      { timeoutMs: 60_000, intervalMs: 5_000, clock },
    );
    expect(outcome).toEqual({
      ok: false,
      detail: 'error: HTTP 422: topology field cannot be empty',
      attempts: 1,
      elapsedMs: 0,
      timedOut: false,
    });
  });

  test('GIVEN a changing detail WHEN waited for THEN progress is reported only when the detail changes', async () => {
    const clock = new FakeClock();
    const progress: string[] = [];
    await waitFor(
      scripted([
        { done: false, detail: '0/2 nodes' },
        { done: false, detail: '0/2 nodes' },
        { done: false, detail: '1/2 nodes' },
        { done: true, detail: '2/2 nodes' },
      ]),
      {
        timeoutMs: 60_000,
        intervalMs: 1_000,
        clock,
        onProgress: (detail, elapsed) => progress.push(`${elapsed} ${detail}`),
      },
    );
    expect(progress).toEqual(['0 0/2 nodes', '2000 1/2 nodes', '3000 2/2 nodes']);
  });

  test('GIVEN slow API calls WHEN they use up the timeout THEN the wait stops without another sleep', async () => {
    const clock = new FakeClock();
    const outcome = await waitFor(
      async () => {
        clock.advance(30_000);
        return { done: false, detail: 'slow' };
      },
      { timeoutMs: 30_000, intervalMs: 10_000, clock },
    );
    expect(outcome).toEqual({ ok: false, detail: 'slow', attempts: 1, elapsedMs: 30_000, timedOut: true });
    expect(clock.sleeps).toEqual([]);
  });
});
