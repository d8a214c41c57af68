import os from 'node:os';

/** The 1-minute load average now. */
export const loadNow = () => os.loadavg()[0];

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews every figure. */
  load: number[];
}

export function machine(loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    load: [loadAtStart, os.loadavg()[0]].map((l) => Math.round(l * 10) / 10),
  };
}

export function machineText(m: Machine): string {
  return `Machine: ${m.cpus} CPUs (${m.model}), ${m.memoryGiB} GiB RAM, Node.js ${m.node}, ${m.platform}; load average ${m.load[0]} at start, ${m.load[1]} at end`;
}
