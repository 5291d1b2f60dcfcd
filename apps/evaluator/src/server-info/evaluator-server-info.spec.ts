import { evaluatorServerInfo, nameBasedUuid } from './evaluator-server-info';

describe('evaluatorServerInfo', () => {
  it("takes the Kafka cluster's id as ClusterID and SERVER_ID when set", () => {
    expect(evaluatorServerInfo('kafka-cluster-1', 'eval-a', 8087, 'pod-1')).toEqual({ hostname: 'localhost', clusterID: 'kafka-cluster-1', serverID: 'eval-a' });
  });

  it('derives a stable UUID from the host name and port otherwise, different for another pod or port', () => {
    const first = evaluatorServerInfo('c', undefined, 8087, 'vigil-evaluator-0').serverID;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(evaluatorServerInfo('c', undefined, 8087, 'vigil-evaluator-0').serverID).toBe(first);
    expect(evaluatorServerInfo('c', undefined, 8087, 'vigil-evaluator-1').serverID).not.toBe(first);
    expect(evaluatorServerInfo('c', undefined, 8088, 'vigil-evaluator-0').serverID).not.toBe(first);
  });

  it('lays a name-based UUID out as RFC 4122 version 5 over SHA-1', () => {
    // uuid v5 of "www.example.com" under the DNS namespace is 2ed6657d-e927-568b-95e1-2665a8aea6a2;
    // without a namespace the name alone is hashed, so only the layout is shared with that.
    expect(nameBasedUuid('x')).toBe(nameBasedUuid('x'));
    expect(nameBasedUuid('x')[14]).toBe('5');
  });
});
