import { renderCatalogMarkdown } from './catalog-docs';

describe('renderCatalogMarkdown', () => {
  const markdown = renderCatalogMarkdown();

  it('documents each node with its chaining signature and properties', () => {
    expect(markdown).toContain('## |stateCount(expression lambda)\n\nCounts consecutive points');
    expect(markdown).toContain("| `.as(as string)` | Name of the output field. Default: state_count. |");
    expect(markdown).toContain('## |percentile(field string, percentile float)');
  });

  it('documents handler properties under their handler', () => {
    expect(markdown).toContain('| `.post([url string])` | POSTs the alert JSON');
    expect(markdown).toContain("| `.post().header(name string, value string)` | `.header('name', 'value')` adds a request header;");
    expect(markdown).toContain('| `.pagerDuty2().link(href string, [text string])` |');
  });

  it('marks unsupported nodes and leaves out internal ones', () => {
    expect(markdown).toContain('## |k8sAutoscale()\n\n**Not supported by vigil:** autoscaling nodes are not supported by vigil.');
    expect(markdown).toContain('## |join(node node...)\n\nJoins the points');
    expect(markdown).not.toContain('## |noop');
  });
});
