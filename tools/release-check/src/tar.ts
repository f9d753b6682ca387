// A small, dependency-free tar + gzip writer and reader.
//
// Writer: deterministic POSIX ustar. Entries are sorted by path (byte order), every header
// has mtime 0, uid/gid 0, empty user/group names, mode 0644 (files) or 0755 (directories);
// paths that do not fit the ustar name/prefix fields (or are not ASCII) get a PAX `path`
// record. The gzip stream has mtime 0 and OS byte 255 ("unknown") so that the bytes do not
// depend on the platform.
//
// Reader: follows Go's archive/tar, which is what the Cluster Stack Operator untars with:
// PAX (`x`) and GNU long-name/long-link (`L`/`K`) headers are folded into the next entry,
// a PAX global header (`g`) is returned as an entry of its own (Go does the same), and the
// legacy type `\0` becomes a file or (with a trailing `/`) a directory.

import { gunzipSync, gzipSync } from 'zlib';

/** Input of the writer. Directories may be given with or without a trailing `/`. */
export interface TarInputEntry {
  path: string;
  content?: Buffer;
  type: 'file' | 'dir';
}

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** An entry as read from an archive. */
export interface TarEntry {
  /** The name as stored (after PAX / GNU long names), e.g. `./chart/` or `chart/Chart.yaml`. */
  name: string;
  /** `name` without a leading `./` and without a trailing `/`. */
  path: string;
  type: TarEntryType;
  /** The raw type flag character, e.g. `0`, `5`, `2`, `g`. */
  typeflag: string;
  mode: number;
  /** Link target for symlinks and hard links, otherwise empty. */
  linkName: string;
  /** File content; empty for everything but files. */
  content: Buffer;
}

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits

function normalizeInputPath(path: string): string {
  const p = path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = p.split('/');
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0')) {
    throw new Error(`tar: invalid entry path ${JSON.stringify(path)}`);
  }
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`tar: invalid entry path ${JSON.stringify(path)}`);
  }
  return p;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: field value too long: ${value}`);
  bytes.copy(block, offset);
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  // length-1 octal digits followed by NUL, like Go and GNU tar.
  writeString(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** Splits a path into ustar prefix + name, or returns undefined if it does not fit. */
function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  if (!/^[\x20-\x7e]*$/.test(path)) return undefined;
  if (path.length <= 100) return { prefix: '', name: path };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { prefix, name };
  }
  return undefined;
}

function header(fields: {
  name: string;
  prefix?: string;
  mode: number;
  size: number;
  typeflag: string;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, fields.name);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, 0); // mtime
  block.fill(0x20, 148, 156); // checksum placeholder: spaces
  writeString(block, 156, 1, fields.typeflag);
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeOctal(block, 329, 8, 0); // devmajor
  writeOctal(block, 337, 8, 0); // devminor
  writeString(block, 345, 155, fields.prefix ?? '');
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length)
    length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

/** Creates an uncompressed, deterministic ustar archive. */
export function createTar(entries: TarInputEntry[]): Buffer {
  const normalized = entries.map((e) => {
    if (e.type !== 'file' && e.type !== 'dir')
      throw new Error(`tar: unsupported entry type ${String(e.type)}`);
    if (e.type === 'dir' && e.content !== undefined && e.content.length > 0) {
      throw new Error(`tar: directory ${e.path} cannot have content`);
    }
    return { path: normalizeInputPath(e.path), type: e.type, content: e.content ?? Buffer.alloc(0) };
  });
  normalized.sort((a, b) => compareBytes(a.path, b.path));
  for (let i = 1; i < normalized.length; i++) {
    if (normalized[i].path === normalized[i - 1].path)
      throw new Error(`tar: duplicate entry ${normalized[i].path}`);
  }

  const chunks: Buffer[] = [];
  for (const e of normalized) {
    const storedPath = e.type === 'dir' ? `${e.path}/` : e.path;
    const size = e.type === 'file' ? e.content.length : 0;
    if (size > MAX_OCTAL_SIZE) throw new Error(`tar: ${e.path} is larger than 8 GiB`);
    let split = splitUstarPath(storedPath);
    if (split === undefined) {
      const pax = Buffer.from(paxRecord('path', storedPath), 'utf8');
      const paxName = `PaxHeaders/${storedPath.replace(/\/$/, '').split('/').pop() ?? ''}`
        .replace(/[^\x20-\x7e]/g, '_')
        .slice(0, 100);
      chunks.push(
        header({ name: paxName, mode: 0o644, size: pax.length, typeflag: 'x' }),
        pax,
        padding(pax.length),
      );
      const ascii = storedPath.replace(/[^\x20-\x7e]/g, '_');
      split = { prefix: '', name: ascii.length <= 100 ? ascii : ascii.slice(ascii.length - 100) };
    }
    chunks.push(
      header({
        name: split.name,
        prefix: split.prefix,
        mode: e.type === 'dir' ? 0o755 : 0o644,
        size,
        typeflag: e.type === 'dir' ? '5' : '0',
      }),
    );
    if (e.type === 'file') chunks.push(e.content, padding(size));
  }
  chunks.push(Buffer.alloc(2 * BLOCK)); // end-of-archive marker
  return Buffer.concat(chunks);
}

/** Gzips with a fixed header (mtime 0, OS unknown), so equal input gives equal bytes. */
export function gzipDeterministic(data: Buffer): Buffer {
  const out = gzipSync(data, { level: 9 });
  out.writeUInt32LE(0, 4); // MTIME
  out[9] = 255; // OS: unknown
  return out;
}

/** Creates a deterministic `.tgz` (ustar + gzip). See the module comment for the format. */
export function createTarGz(entries: TarInputEntry[]): Buffer {
  return gzipDeterministic(createTar(entries));
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readNumber(block: Buffer, offset: number, length: number, what: string): number {
  const field = block.subarray(offset, offset + length);
  if (field[0] & 0x80) {
    // base-256 (GNU) encoding
    let n = BigInt(field[0] & 0x7f);
    for (let i = 1; i < field.length; i++) n = (n << 8n) | BigInt(field[i]);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`tar: ${what} out of range`);
    return Number(n);
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^[\0 ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`tar: invalid ${what} field ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = readNumber(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let rest = data;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = space > 0 ? parseInt(rest.subarray(0, space).toString('latin1'), 10) : NaN;
    if (!Number.isInteger(length) || length <= space || length > rest.length || rest[length - 1] !== 0x0a) {
      throw new Error('tar: invalid PAX record');
    }
    const record = rest.subarray(space + 1, length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq <= 0) throw new Error('tar: invalid PAX record');
    records[record.slice(0, eq)] = record.slice(eq + 1);
    rest = rest.subarray(length);
  }
  return records;
}

function entryType(typeflag: string): TarEntryType {
  switch (typeflag) {
    case '0':
      return 'file';
    case '5':
      return 'dir';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Types without a data section, whatever their size field says (Go's isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

function normalizeName(name: string): string {
  let p = name;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** Reads an uncompressed tar archive. Throws on a malformed archive. */
export function readTar(buf: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= buf.length) {
    const block = buf.subarray(offset, offset + BLOCK);
    offset += BLOCK;
    if (block.every((b) => b === 0)) break; // end of archive
    if (!checksumOk(block)) throw new Error('tar: invalid header checksum');

    let typeflag = block[156] === 0 ? '\0' : String.fromCharCode(block[156]);
    const magic = block.subarray(257, 263).toString('latin1');
    let name = readString(block, 0, 100);
    if (magic === 'ustar\0') {
      const prefix = readString(block, 345, 155);
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    let linkName = readString(block, 157, 100);
    let size = readNumber(block, 124, 12, 'size');
    const mode = readNumber(block, 100, 8, 'mode');

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (offset + size > buf.length) throw new Error('tar: unexpected end of archive');
      const data = buf.subarray(offset, offset + size);
      offset += size + padding(size).length;
      if (typeflag === 'x') {
        pax = { ...pax, ...parsePax(data) };
        continue;
      }
      if (typeflag === 'L' || typeflag === 'K') {
        const value = data.toString('utf8').replace(/\0.*$/s, '');
        if (typeflag === 'L') longName = value;
        else longLink = value;
        continue;
      }
      // A global header is returned as an entry, as Go's reader does.
      parsePax(data);
      entries.push({
        name,
        path: normalizeName(name),
        type: 'other',
        typeflag,
        mode,
        linkName: '',
        content: Buffer.alloc(0),
      });
      continue;
    }

    if (pax.path !== undefined) name = pax.path;
    if (pax.linkpath !== undefined) linkName = pax.linkpath;
    if (pax.size !== undefined) {
      if (!/^\d+$/.test(pax.size)) throw new Error('tar: invalid PAX size');
      size = Number(pax.size);
    }
    if (longName !== undefined) name = longName;
    if (longLink !== undefined) linkName = longLink;
    pax = {};
    longName = undefined;
    longLink = undefined;

    if (typeflag === '\0') typeflag = name.endsWith('/') ? '5' : '0';
    const dataSize = HEADER_ONLY.has(typeflag) ? 0 : size;
    if (offset + dataSize > buf.length) throw new Error('tar: unexpected end of archive');
    const type = entryType(typeflag);
    const content = type === 'file' ? Buffer.from(buf.subarray(offset, offset + dataSize)) : Buffer.alloc(0);
    offset += dataSize + padding(dataSize).length;
    entries.push({ name, path: normalizeName(name), type, typeflag, mode, linkName, content });
  }
  return entries;
}

/** Reads a gzip-compressed tar archive (`.tgz`). Throws on invalid gzip or tar data. */
export function readTarGz(buf: Buffer): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(buf);
  } catch (e) {
    throw new Error(`gzip: ${(e as Error).message}`);
  }
  return readTar(tar);
}
