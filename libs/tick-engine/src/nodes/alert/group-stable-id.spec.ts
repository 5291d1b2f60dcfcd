import { groupStableIdTags, idTellsGroupsApart, tagsFixedByGroup } from './group-stable-id';

describe('groupStableIdTags', () => {
  it('accepts the default id and the seed id, naming the tags they read', () => {
    expect(groupStableIdTags('{{ .Name }}:{{ .Group }}')).toEqual([]);
    expect(groupStableIdTags('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}')).toEqual([
      'nome_recurso',
      'nome_provedor',
    ]);
    expect(groupStableIdTags('{{- .TaskName -}}/{{.Group}}')).toEqual([]);
  });

  it('refuses templates that read per-point values or use other actions', () => {
    expect(groupStableIdTags('{{ index .Fields "x" }}')).toBeUndefined();
    expect(groupStableIdTags('{{ if eq .Name "cpu" }}a{{ end }}')).toBeUndefined();
    expect(groupStableIdTags('{{ range $k, $v := .Tags }}{{ $v }}{{ end }}')).toBeUndefined();
    expect(groupStableIdTags('{{ index .Tags "a\\"b" }}')).toBeUndefined();
    expect(groupStableIdTags('{{ .Tags }}')).toBeUndefined();
  });
});

describe('tagsFixedByGroup', () => {
  it('holds only when every tag is a group-by tag', () => {
    const by = { by: ['host', 'region'], byMeasurement: false, exclude: [] };
    expect(tagsFixedByGroup(['host'], by)).toBe(true);
    expect(tagsFixedByGroup(['host', 'cpu'], by)).toBe(false);
    expect(tagsFixedByGroup([], { by: [], byMeasurement: false, exclude: [] })).toBe(true);
  });

  it('holds under groupBy(*) unless the tag is excluded', () => {
    expect(tagsFixedByGroup(['host'], { by: '*', byMeasurement: false, exclude: [] })).toBe(true);
    expect(tagsFixedByGroup(['host'], { by: '*', byMeasurement: false, exclude: ['host'] })).toBe(false);
  });
});

describe('idTellsGroupsApart', () => {
  const byHost = { by: ['host'], byMeasurement: false, exclude: [] };
  it('is true when the id reads .Group or every group tag (and .Name when the measurement groups)', () => {
    expect(idTellsGroupsApart('{{ .Name }}:{{ .Group }}', byHost)).toBe(true);
    expect(idTellsGroupsApart('x{{ index .Tags "host" }}', byHost)).toBe(true);
    expect(idTellsGroupsApart('{{ index .Tags "host" }}', { ...byHost, byMeasurement: true })).toBe(false);
    expect(idTellsGroupsApart('{{ .Name }}/{{ index .Tags "host" }}', { ...byHost, byMeasurement: true })).toBe(true);
  });

  it('is false when groups could share the id: a constant, a tag missing, groupBy(*), anything else read', () => {
    expect(idTellsGroupsApart('one', byHost)).toBe(false);
    expect(idTellsGroupsApart('{{ index .Tags "dc" }}', { by: ['dc', 'host'], byMeasurement: false, exclude: [] })).toBe(false);
    expect(idTellsGroupsApart('{{ index .Tags "host" }}', { by: '*', byMeasurement: false, exclude: [] })).toBe(false);
    expect(idTellsGroupsApart('{{ index .Fields "v" }}', byHost)).toBe(false);
  });
});
