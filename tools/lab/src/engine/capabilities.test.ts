import { missingCapabilities, parseBoundingSet } from './capabilities';

describe('capability detection', () => {
  it('GIVEN the bounding set of a VM without CAP_SYS_RESOURCE WHEN checked THEN exactly that capability is missing', () => {
    const bounding = parseBoundingSet(
      'Name:\tbash\nCapEff:\t000001ffffffffff\nCapBnd:\t000001fffeffffff\nCapAmb:\t0\n',
    );
    expect(bounding).toBe(0x1fffeffffffn);
    expect(missingCapabilities(bounding)).toEqual(['CAP_SYS_RESOURCE']);
  });

  it('GIVEN the bounding set inside a node container of that VM WHEN checked THEN SYS_RESOURCE, PERFMON, BPF and CHECKPOINT_RESTORE are missing', () => {
    expect(missingCapabilities(parseBoundingSet('CapBnd:\t0000003ffeffffff\n'))).toEqual([
      'CAP_SYS_RESOURCE',
      'CAP_PERFMON',
      'CAP_BPF',
      'CAP_CHECKPOINT_RESTORE',
    ]);
  });

  it('GIVEN a host with every capability WHEN checked THEN nothing is missing and the engine is left unchanged', () => {
    expect(missingCapabilities(parseBoundingSet('CapBnd:\t000001ffffffffff\n'))).toEqual([]);
  });

  it('GIVEN a status text without CapBnd WHEN parsed THEN the error says what cannot be decided', () => {
    expect(() => parseBoundingSet('Name:\tx\n')).toThrow(
      '/proc/self/status has no CapBnd line: cannot tell which capabilities this host grants',
    );
  });
});
