import { compileTickScript } from '../compiler/compile-tick-script';
import { compileError } from '../../test/compile-test-helpers';

const FROM = "stream\n  |from()\n    .measurement('m')\n";

describe('httpPost in the catalog', () => {
  it("validates as pipeline/http_post.go's validate does, at the offending call", () => {
    expect(compileTickScript(`${FROM}  |httpPost('http://x/{{.Name}}').header('X-A', 'b').captureResponse().timeout(5s)`).pipeline.nodes).toHaveLength(3);
    expect(compileError(`${FROM}  |httpPost()`).message).toBe('must provide url or endpoint');
    expect(compileError(`${FROM}  |httpPost('http://a', 'http://b')`).message).toBe('httpPost expects 0 or 1 arguments, got 2');
    const header = compileError(`${FROM}  |httpPost('http://a')\n    .header('authenticate', 'x')`);
    expect([header.message, header.line, header.column]).toEqual(["cannot set 'authenticate' header", 5, 6]);
  });

  it('takes one endpoint instead of a URL, as validate does', () => {
    expect(compileTickScript(`${FROM}  |httpPost().endpoint('metrics').header('X-A', 'b')`).pipeline.nodes).toHaveLength(3);
    const both = compileError(`${FROM}  |httpPost('http://a')\n    .endpoint('metrics')`);
    expect([both.message, both.line, both.column]).toEqual(['only one endpoint and url may be specified', 5, 6]);
    expect(compileError(`${FROM}  |httpPost().endpoint('a').endpoint('b')`).message).toBe('httpPost expects 0 or 1 endpoints, got 2');
  });

  it('refuses codeField, which vigil does not run', () => {
    // The reason says why it cannot be built soundly: the answer is not in the log a replay reads.
    expect(compileError(`${FROM}  |httpPost('http://a').codeField('code')`).message).toMatch(/codeField\(\) is not supported by vigil: .*not in the point log.*post again.*function of its points$/);
  });
});
