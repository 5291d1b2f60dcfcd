// `npm run infra -- check redis`: SET with expiry, GET, an EVAL (vigil's checkpoints use Lua), DEL.
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';

const url = process.argv[2] ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
const key = `vigil-infra-check:${randomBytes(4).toString('hex')}`;
try {
  await redis.connect();
  await redis.set(key, 'one', 'EX', 60);
  const bumped = await redis.eval("return redis.call('APPEND', KEYS[1], ARGV[1])", 1, key, '-two');
  const value = await redis.get(key);
  await redis.del(key);
  if (value !== 'one-two' || bumped !== 7) throw new Error(`read back ${JSON.stringify(value)} (${bumped})`);
  const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
  console.log(`redis check: ok (Redis ${version})`);
} catch (error) {
  console.error(`redis check: ${error.message}`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
