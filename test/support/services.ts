import { connect } from 'node:net';

/**
 * Whether a TCP service (Redis, PostgreSQL) answers on 127.0.0.1:`port`.
 * Tests needing it skip with a message when it does not, except under
 * CI=true, where a missing service is a failure, never a silent skip.
 */
export async function serviceReachable(name: string, port: number): Promise<boolean> {
  const up = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (up) return true;
  if (process.env.CI === 'true')
    throw new Error(`${name} is not reachable on 127.0.0.1:${port}, and CI=true`);
  console.warn(
    `skipping the ${name} tests: nothing answers on 127.0.0.1:${port} (start ${name} to run them)`,
  );
  return false;
}
