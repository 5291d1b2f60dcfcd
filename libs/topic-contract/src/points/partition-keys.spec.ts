import fc from 'fast-check';
import { keyTagsOf, parsePartitionKeys, partitionKeyFor, PartitionKeySpecError, SERIES_PARTITION_KEYS } from './partition-keys';

describe('parsePartitionKeys', () => {
  it('reads measurement entries and the * default, sorting each tag list', () => {
    const keys = parsePartitionKeys(' performance_influx = nome_recurso, nome_provedor ; *=host ');
    expect(keyTagsOf('performance_influx', keys)).toEqual(['nome_provedor', 'nome_recurso']);
    expect(keyTagsOf('cpu', keys)).toEqual(['host']);
  });

  it('leaves measurements without an entry to series keys when there is no * entry', () => {
    const keys = parsePartitionKeys('cpu=host');
    expect(keyTagsOf('cpu', keys)).toEqual(['host']);
    expect(keyTagsOf('mem', keys)).toBeUndefined();
    expect(parsePartitionKeys('')).toEqual(SERIES_PARTITION_KEYS);
  });

  it('accepts an empty tag list, which sends a whole measurement to one partition', () => {
    expect(keyTagsOf('events', parsePartitionKeys('events='))).toEqual([]);
  });

  it.each([
    ['cpu', /has no "="/],
    ['=host', /names no measurement/],
    ['cpu=host;cpu=dc', /cpu" appears twice/],
    ['*=host;*=dc', /"\*" appears twice/],
    ['cpu=host,host', /repeats a tag/],
  ])('refuses %j', (spec, message) => {
    expect(() => parsePartitionKeys(spec)).toThrow(PartitionKeySpecError);
    expect(() => parsePartitionKeys(spec)).toThrow(message);
  });
});

describe('partitionKeyFor', () => {
  const keys = parsePartitionKeys('performance_influx=nome_recurso,nome_provedor;*=host');

  it('keys configured measurements by their tags in byte order, without the measurement', () => {
    const point = { name: 'performance_influx', tags: { nome_recurso: 'p1', nome_provedor: 'pa', extra: 'x' } };
    expect(partitionKeyFor(point, keys)).toBe('nome_provedor=pa,nome_recurso=p1');
    expect(partitionKeyFor({ name: 'cpu', tags: { host: 'a', cpu: '0' } }, keys)).toBe('host=a');
    expect(partitionKeyFor({ name: 'mem', tags: { host: 'a' } }, keys)).toBe('host=a');
  });

  it('counts a missing key tag as empty', () => {
    expect(partitionKeyFor({ name: 'cpu', tags: {} }, keys)).toBe('host=');
  });

  it('falls back to the measurement and all its sorted tags', () => {
    expect(partitionKeyFor({ name: 'mem', tags: { b: '2', a: '1' } }, SERIES_PARTITION_KEYS)).toBe('mem,a=1,b=2');
    expect(partitionKeyFor({ name: 'mem', tags: {} }, SERIES_PARTITION_KEYS)).toBe('mem');
  });

  it('depends on the key tags only', () => {
    const tagValue = fc.stringMatching(/^[a-z0-9]{0,4}$/);
    fc.assert(
      fc.property(tagValue, tagValue, fc.dictionary(fc.stringMatching(/^x[a-z]{0,3}$/), tagValue), fc.dictionary(fc.stringMatching(/^x[a-z]{0,3}$/), tagValue), (resource, provider, extraA, extraB) => {
        const a = { name: 'performance_influx', tags: { ...extraA, nome_recurso: resource, nome_provedor: provider } };
        const b = { name: 'performance_influx', tags: { ...extraB, nome_provedor: provider, nome_recurso: resource } };
        expect(partitionKeyFor(a, keys)).toBe(partitionKeyFor(b, keys));
      }),
    );
  });
});
