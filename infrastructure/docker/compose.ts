// docker-compose.yml as the docker-compose*.unit.test.ts files read it. No Docker engine runs on the machines
// this project is built on, so the tests work out what Compose would: YAML merge keys, ${VAR:-default}
// interpolation (with an empty shell environment), and each container's environment as the image's ENV
// (from its Dockerfile and build arguments) overlaid with the service's `environment`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseDockerfile } from './dockerfile';
import { imageConfig, type ImageConfig } from './image-config';

type Scalar = string | number | boolean | null;

export interface ComposeService {
  image: string;
  profiles?: string[];
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, Scalar> };
  environment?: Record<string, Scalar>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  command?: string[] | string;
  depends_on?: Record<string, { condition: string }> | string[];
}

export const INFRASTRUCTURE = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(INFRASTRUCTURE, '..');

/** `${NAME}` / `${NAME:-default}` as Compose resolves them when the shell sets nothing. */
export function interpolate(value: string, shell: Record<string, string> = {}): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_all, name: string, fallback: string | undefined) => {
    return shell[name] || (fallback ?? '');
  });
}

export function loadCompose(file = path.join(INFRASTRUCTURE, 'docker-compose.yml')): Record<string, ComposeService> {
  const parsed = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  return parsed.services;
}

export class Compose {
  constructor(readonly services: Record<string, ComposeService> = loadCompose()) {}

  service(name: string): ComposeService {
    const found = this.services[name];
    if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
    return found;
  }

  named(profile?: string): string[] {
    return Object.keys(this.services).filter((name) =>
      profile ? this.services[name]?.profiles?.includes(profile) : !this.services[name]?.profiles,
    );
  }

  /** The service's `environment`, interpolated; a variable without a value passes the shell's through (unset here). */
  env(name: string): Record<string, string> {
    const entries = Object.entries(this.service(name).environment ?? {}).filter(([, v]) => v !== null);
    return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(String(v))]));
  }

  image(name: string): { repository: string; tag: string } {
    const [repository = '', tag = 'latest'] = interpolate(this.service(name).image).split(':');
    return { repository, tag };
  }

  buildArgs(name: string): Record<string, string> {
    const args = this.service(name).build?.args ?? {};
    return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, interpolate(String(v))]));
  }

  /** The configuration of the image the service builds (its Dockerfile, target and build arguments). */
  imageConfig(name: string): ImageConfig {
    const build = this.service(name).build;
    if (!build) throw new Error(`${name} builds no image`);
    const dockerfile = path.resolve(INFRASTRUCTURE, build.context, build.dockerfile);
    return imageConfig(parseDockerfile(readFileSync(dockerfile, 'utf8')), this.buildArgs(name), build.target);
  }

  /** What the process in the container sees: the image's ENV, then the service's environment. */
  containerEnv(name: string): Record<string, string> {
    return { ...this.imageConfig(name).env, ...this.env(name) };
  }

  published(name: string): Array<{ host: string; hostPort: string; containerPort: string }> {
    return (this.service(name).ports ?? []).map((mapping) => {
      const match = /^(\d+\.\d+\.\d+\.\d+):(\d+):(\d+)$/.exec(mapping);
      if (!match?.[1] || !match[2] || !match[3]) throw new Error(`${name}: port "${mapping}" is not host-ip:port:port`);
      return { host: match[1], hostPort: match[2], containerPort: match[3] };
    });
  }

  /** Ports other containers may reach the service on: its published container ports and `expose`. */
  listens(name: string): string[] {
    return [...this.published(name).map((p) => p.containerPort), ...(this.service(name).expose ?? [])];
  }

  /** The host folder or file mounted at `target`. */
  bindSource(name: string, target: string): string {
    const volume = (this.service(name).volumes ?? []).find((v) => v.split(':')[1] === target);
    if (!volume) throw new Error(`${name} mounts nothing at ${target}`);
    return path.resolve(INFRASTRUCTURE, volume.split(':')[0] ?? '');
  }
}

/** Every host:port a value names (URLs, broker lists, connection strings). */
export function addressesIn(value: string): Array<{ host: string; port: string }> {
  return [...value.matchAll(/(?:^|[/@,])([A-Za-z0-9.-]+):(\d+)(?=$|[/?,])/g)].map((m) => ({
    host: m[1] ?? '',
    port: m[2] ?? '',
  }));
}
