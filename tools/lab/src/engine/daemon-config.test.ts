import { withShimRuntime } from './daemon-config';

describe('daemon.json for the runc shim', () => {
  it('GIVEN no daemon.json WHEN the shim is registered THEN it becomes the default runtime', () => {
    expect(withShimRuntime({}, '/usr/local/lib/cluster-stacks-lab/runc-shim')).toEqual({
      runtimes: { 'lab-runc': { path: '/usr/local/lib/cluster-stacks-lab/runc-shim' } },
      'default-runtime': 'lab-runc',
    });
  });

  it('GIVEN an operator daemon.json WHEN the shim is registered THEN every other setting is kept', () => {
    const merged = withShimRuntime(
      { 'log-driver': 'local', runtimes: { crun: { path: '/usr/bin/crun' } } },
      '/s',
    );
    expect(merged).toEqual({
      'log-driver': 'local',
      runtimes: { crun: { path: '/usr/bin/crun' }, 'lab-runc': { path: '/s' } },
      'default-runtime': 'lab-runc',
    });
  });

  it('GIVEN another default runtime WHEN the shim is registered THEN the lab refuses and says why', () => {
    expect(() => withShimRuntime({ 'default-runtime': 'crun' }, '/s')).toThrow(
      '/etc/docker/daemon.json sets default-runtime "crun"; the lab needs "lab-runc" because this host lacks ' +
        'capabilities that privileged containers ask for. Remove the setting or use an engine whose host grants every capability.',
    );
  });
});
