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

  it('refuses what vigil does not run: named endpoints and codeField', () => {
    expect(compileError(`${FROM}  |httpPost('http://a').endpoint('alerts')`).message).toMatch(/endpoint\(\) is not supported by vigil yet: .*reads no post\.endpoints.*give the URL/);
    // The reason says why it cannot be built soundly: the answer is not in the log a replay reads.
    expect(compileError(`${FROM}  |httpPost('http://a').codeField('code')`).message).toMatch(/codeField\(\) is not supported by vigil: .*not in the point log.*post again.*function of its points$/);
  });
});
