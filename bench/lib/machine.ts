import os from 'node:os';

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export function machineText(m: Machine): string {
  return `Machine: ${m.cpus} CPUs (${m.model}), ${m.memoryGiB} GiB RAM, Node.js ${m.node}, ${m.platform}`;
}
