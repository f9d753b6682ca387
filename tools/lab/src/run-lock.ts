// One `lab test` at a time: CAPD names containers after the Cluster (`<name>-lb`), and every run's Clusters
// are named after the stack's examples, so two runs would share one load balancer and break each other.
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LabUsageError } from './util/errors';
import { labOutputDir } from './util/paths';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the run lock (a lock left by a process that is gone is taken over); returns its release. */
export function takeRunLock(dir: string = labOutputDir()): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'test.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new LabUsageError(
          `another lab test runs (process ${holder}); its Clusters would share names and load balancers with this one. Wait for it, or stop it.`,
        );
      rmSync(file, { force: true });
    }
  }
  throw new LabUsageError(`could not take the lab test lock ${file}`);
}
