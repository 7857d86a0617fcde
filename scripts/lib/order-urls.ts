// Where the operator tools find the running system, and how the ones that place or read orders spread
// their requests over every order-service instance. There is no load balancer in front of the
// instances (start-system.sh --replicas N just starts N processes on port + 100(n-1)), so each client
// takes turns itself: the next URL per request, which keeps every instance's share equal to 1/N.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StackEnv } from '../../infrastructure/native/stack-env';
import { kafkaBrokerList, readTopologyEnv, serviceInstances } from '../../infrastructure/native/topology';

/**
 * infrastructure/stack.env, looked for upwards from `from`. The compiled tools run from dist/<tool>/ and
 * their sources from scripts/<tool>/; stack-env.ts's own default path is relative to its file, which the
 * bundler moves, so a tool asks for the file by walking up to the repository root instead.
 */
export function stackEnvFile(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'infrastructure', 'stack.env');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`infrastructure/stack.env not found above ${from}`);
  }
}

/** stack.env (or KOT_STACK_ENV's copy) with the running system's topology.env over it. */
export function toolStackEnv(env: NodeJS.ProcessEnv = process.env): StackEnv {
  return readTopologyEnv(env.KOT_STACK_ENV ?? stackEnvFile());
}

/** A comma-separated list of http(s) URLs (ORDER_URL, --order-url), trimmed, without trailing slashes. */
export function parseUrlList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim().replace(/\/+$/, ''))
    .filter((part) => part !== '');
}

/** Every order-service instance of the topology, instance 1 first. */
export function orderServiceUrls(env: StackEnv): string[] {
  return serviceInstances(env, 'order-service').map((instance) => instance.url);
}

/**
 * The order service's URLs for a tool: an explicit list (an env variable or flag) wins, else the topology.
 * One URL is the single-instance case exactly as before.
 */
export function resolveOrderUrls(explicit: string | undefined, env: StackEnv): string[] {
  const urls = explicit === undefined ? [] : parseUrlList(explicit);
  return urls.length > 0 ? urls : orderServiceUrls(env);
}

/** KAFKA_BROKERS when set (an explicit list wins), else every broker of the topology. */
export function toolKafkaBrokers(explicit: string | undefined, env: StackEnv): string[] {
  const list = explicit === undefined ? [] : explicit.split(',').map((b) => b.trim());
  return list.some((b) => b !== '') ? list.filter((b) => b !== '') : kafkaBrokerList(env);
}

/** A function returning the items in turn, forever: a, b, c, a, b, … */
export function roundRobin<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('roundRobin needs at least one item');
  let next = 0;
  return () => {
    const item = items[next % items.length] as T;
    next = (next + 1) % items.length;
    return item;
  };
}
