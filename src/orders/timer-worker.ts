// Runs the port-order timers (docs/spec/orders.md §4 "Timers") every `intervalMs` in a long-running
// process. Each instance runs them; the store's version check makes sure only one acts on an order.
// A run still going when the next is due is not doubled; a failing run is logged and retried.
import type { OrderService } from './service.js';

export interface TimerLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TimerWorker {
  /** Stops the interval and waits for a run in progress. */
  stop(): Promise<void>;
}

export function startOrderTimers(service: OrderService, intervalMs: number, log?: TimerLogger): TimerWorker {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = service
      .runTimers()
      .then(
        (acted) => {
          if (acted > 0) log?.info({ acted }, 'port-order timers acted');
        },
        (err: unknown) => log?.error({ err }, 'port-order timers failed; retrying at the next interval'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
