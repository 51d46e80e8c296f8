/** docker-compose.yml against the Dockerfile and the proxy's config (Docker cannot run here). */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  build?: string;
  image?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const nodes = Object.entries(compose.services).filter(([name]) => name.startsWith('authmaster-'));

describe('docker-compose.yml', () => {
  it('builds two AuthMaster nodes from the Dockerfile, on EventStoreDB and MongoDB, with one issuer and one key-encryption key', () => {
    expect(nodes).toHaveLength(2);
    for (const [, node] of nodes) {
      expect(node.build).toBe('.');
      expect(node.environment?.['EVENTSTORE_URL']).toMatch(/^esdb:\/\/eventstore:/);
      expect(node.environment?.['MONGODB_URL']).toMatch(/^mongodb:\/\/mongo:/);
      expect(node.ports).toBeUndefined();
    }
    const issuers = new Set(nodes.map(([, node]) => node.environment?.['ISSUER']));
    expect([...issuers]).toEqual(['http://localhost:8080']);
    expect(new Set(nodes.map(([, node]) => node.environment?.['KEY_ENCRYPTION_KEY'])).size).toBe(1);
  });

  it('puts a proxy on the issuer\'s port, configured by a file in the repository that routes to both nodes', () => {
    const proxy = compose.services['proxy'];
    expect(proxy?.ports).toEqual(['8080:8080']);
    const mounted = (proxy?.volumes ?? []).map((volume) => volume.split(':')[0] ?? '');
    const config = mounted.find((path) => path.startsWith('./'));
    expect(config !== undefined && existsSync(config)).toBe(true);
    const text = readFileSync(config ?? '', 'utf8');
    for (const [name, node] of nodes) expect(text).toContain(`${name}:${node.environment?.['PORT'] ?? 3000}`);
    expect(text).toContain('health_uri /readyz');
  });
});
