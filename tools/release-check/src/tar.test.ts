import { gunzipSync, gzipSync } from 'zlib';
import { createTar, createTarGz, readTar, readTarGz, TarInputEntry } from './tar';

const entries: TarInputEntry[] = [
  { path: 'chart/templates/b.yaml', type: 'file', content: Buffer.from('b: 1\n') },
  { path: 'chart', type: 'dir' },
  { path: 'chart/Chart.yaml', type: 'file', content: Buffer.from('name: chart\n') },
  { path: 'chart/templates/', type: 'dir' },
  { path: 'chart/empty', type: 'file' },
];

describe('createTarGz / readTarGz', () => {
  it('round-trips files and directories in sorted order', () => {
    // GIVEN unsorted file and directory entries
    // WHEN they are archived and read back
    const read = readTarGz(createTarGz(entries));
    // THEN they come back sorted by path, with their content and default modes
    expect(read.map((e) => [e.name, e.path, e.type, e.mode.toString(8), e.content.toString()])).toEqual([
      ['chart/', 'chart', 'dir', '755', ''],
      ['chart/Chart.yaml', 'chart/Chart.yaml', 'file', '644', 'name: chart\n'],
      ['chart/empty', 'chart/empty', 'file', '644', ''],
      ['chart/templates/', 'chart/templates', 'dir', '755', ''],
      ['chart/templates/b.yaml', 'chart/templates/b.yaml', 'file', '644', 'b: 1\n'],
    ]);
  });

  it('is deterministic: the same entries in any order give the same bytes', () => {
    // GIVEN the same entries in two orders
    // WHEN both are archived
    const a = createTarGz(entries);
    const b = createTarGz([...entries].reverse());
    // THEN the archives are byte-identical, with gzip mtime 0 and OS byte 255
    expect(a.equals(b)).toBe(true);
    expect(a.readUInt32LE(4)).toBe(0);
    expect(a[9]).toBe(255);
  });

  it('writes ustar headers with mtime 0, uid/gid 0 and no user names', () => {
    // GIVEN one file WHEN archived THEN its header fields are fixed
    const tar = createTar([{ path: 'a.txt', type: 'file', content: Buffer.from('x') }]);
    const field = (offset: number, length: number): string =>
      tar.subarray(offset, offset + length).toString('latin1');
    expect(field(100, 8)).toBe('0000644\0');
    expect(field(108, 8)).toBe('0000000\0');
    expect(field(116, 8)).toBe('0000000\0');
    expect(field(124, 12)).toBe('00000000001\0');
    expect(field(136, 12)).toBe('00000000000\0');
    expect(field(257, 8)).toBe('ustar\u000000');
    expect(field(265, 64)).toBe('\0'.repeat(64));
    expect(tar.length).toBe(512 + 512 + 1024);
  });

  it('stores long paths in the ustar prefix, and longer or non-ASCII ones in a PAX record', () => {
    // GIVEN paths longer than 100 bytes and a non-ASCII path
    const withPrefix = `${'p'.repeat(150)}/${'n'.repeat(99)}`;
    const withPax = `${'q'.repeat(200)}/${'m'.repeat(120)}`;
    const unicode = 'chärt/tëmplates/ä.yaml';
    // WHEN archived and read back
    const read = readTarGz(
      createTarGz(
        [withPrefix, withPax, unicode].map((path) => ({
          path,
          type: 'file' as const,
          content: Buffer.from(path),
        })),
      ),
    );
    // THEN every path survives
    expect(read.map((e) => e.path).sort()).toEqual([withPrefix, withPax, unicode].sort());
    expect(read.every((e) => e.content.toString() === e.path)).toBe(true);
  });

  it.each([['/abs'], ['a/../b'], ['./a'], ['a//b'], [''], ['a\\b']])('rejects the unsafe path %j', (path) => {
    // GIVEN an unsafe path WHEN archived THEN the writer refuses it
    expect(() => createTar([{ path, type: 'file' }])).toThrow(
      `tar: invalid entry path ${JSON.stringify(path)}`,
    );
  });

  it('rejects duplicate paths and content on directories', () => {
    // GIVEN a duplicate path or a directory with content WHEN archived THEN the writer refuses it
    expect(() =>
      createTar([
        { path: 'a', type: 'dir' },
        { path: 'a/', type: 'dir' },
      ]),
    ).toThrow('tar: duplicate entry a');
    expect(() => createTar([{ path: 'a', type: 'dir', content: Buffer.from('x') }])).toThrow(
      'tar: directory a cannot have content',
    );
  });
});

describe('readTar', () => {
  function rawHeader(
    name: string,
    typeflag: string,
    size: number,
    linkName = '',
    magic = 'ustar\u000000',
  ): Buffer {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    h.write(typeflag, 156, 'latin1');
    h.write(linkName, 157, 100, 'utf8');
    h.write(magic, 257, 'latin1');
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    return h;
  }
  const data = (s: string): Buffer =>
    Buffer.concat([Buffer.from(s), Buffer.alloc((512 - (s.length % 512)) % 512)]);

  it('reports links, global headers and legacy entries as Go archive/tar does', () => {
    // GIVEN an archive with a PAX global header, a symlink, a hard link, a fifo, a GNU long name and legacy \0 entries
    const longName = `${'l'.repeat(150)}.yaml`;
    const tar = Buffer.concat([
      rawHeader('pax_global_header', 'g', 20),
      data('20 comment=abcdefgh\n'),
      rawHeader('link', '2', 0, 'target'),
      rawHeader('hard', '1', 0, 'target'),
      rawHeader('fifo', '6', 0),
      rawHeader('././@LongLink', 'L', longName.length + 1, '', 'ustar  \0'),
      data(`${longName}\0`),
      rawHeader('short', '0', 2, '', 'ustar  \0'),
      data('hi'),
      rawHeader('old-dir/', '\0', 0, '', '\0'.repeat(8)),
      rawHeader('old-file', '\0', 1, '', '\0'.repeat(8)),
      data('x'),
      Buffer.alloc(1024),
    ]);
    // WHEN it is read
    const read = readTar(tar);
    // THEN meta headers are folded in, the global header is an entry, and types are classified
    expect(read.map((e) => [e.name, e.type, e.typeflag, e.linkName, e.content.toString()])).toEqual([
      ['pax_global_header', 'other', 'g', '', ''],
      ['link', 'symlink', '2', 'target', ''],
      ['hard', 'hardlink', '1', 'target', ''],
      ['fifo', 'other', '6', '', ''],
      [longName, 'file', '0', '', 'hi'],
      ['old-dir/', 'dir', '5', '', ''],
      ['old-file', 'file', '0', '', 'x'],
    ]);
  });

  it('rejects corrupt headers and truncated data', () => {
    // GIVEN a header with a wrong checksum, and a file whose data is cut off
    const bad = rawHeader('a', '0', 0);
    bad[0] = 'b'.charCodeAt(0);
    const truncated = rawHeader('a', '0', 1000);
    // WHEN read THEN the reader throws
    expect(() => readTar(bad)).toThrow('tar: invalid header checksum');
    expect(() => readTar(truncated)).toThrow('tar: unexpected end of archive');
    expect(() => readTarGz(Buffer.from('not gzip'))).toThrow('gzip: incorrect header check');
  });

  it('reads concatenated gzip members as one stream', () => {
    // GIVEN an archive whose gzip stream has two members
    const tar = createTar([{ path: 'a', type: 'file', content: Buffer.from('a') }]);
    const gz = Buffer.concat([gzipSync(tar.subarray(0, 512)), gzipSync(tar.subarray(512))]);
    // WHEN read THEN both members are decoded
    expect(gunzipSync(gz).equals(tar)).toBe(true);
    expect(readTarGz(gz).map((e) => e.path)).toEqual(['a']);
  });
});
