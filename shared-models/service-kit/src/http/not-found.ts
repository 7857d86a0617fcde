// Fallback for requests no route answered: 405 when the path exists under another method
// (so the client learns it has the wrong verb, not the wrong URL), otherwise 404.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { MethodNotAllowedError, NotFoundError } from '../errors/errors';

// The parts of Express 5's router (pillarjs/router 2) we read. Typed loosely on purpose: the
// public types do not describe layers, and a mismatch only means "no 405", never a crash.
interface LayerLike {
  route?: { methods?: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  match?: (path: string) => false | { path: string };
}

function methodsFor(stack: readonly LayerLike[], path: string, found: Set<string>): void {
  for (const layer of stack) {
    const match = layer.match?.(path);
    if (!match) continue;
    if (layer.route?.methods) {
      for (const method of Object.keys(layer.route.methods)) found.add(method.toUpperCase());
    } else if (Array.isArray(layer.handle?.stack)) {
      // A mounted router: match the rest of the path against its own layers.
      methodsFor(layer.handle.stack, path.slice(match.path.length) || '/', found);
    }
  }
}

/** Methods that some route serves for `path`; empty when nothing matches or a route takes all. */
export function allowedMethods(app: Express, path: string): string[] {
  const stack = (app as unknown as { router?: { stack?: LayerLike[] } }).router?.stack ?? [];
  const found = new Set<string>();
  try {
    methodsFor(stack, path, found);
  } catch {
    return []; // e.g. a path that fails URI decoding: plain 404 is the honest answer
  }
  if (found.has('_ALL')) return [];
  if (found.has('GET')) found.add('HEAD');
  return [...found].sort();
}

export function notFoundHandler(app: Express): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const allow = allowedMethods(app, req.path);
    if (allow.length > 0 && !allow.includes(req.method)) {
      res.set('Allow', allow.join(', '));
      next(new MethodNotAllowedError(req.method, allow));
      return;
    }
    // Truncated: the path is client input and the detail is echoed back and logged.
    next(new NotFoundError(`No route matches ${req.method} ${req.path.slice(0, 200)}`, { code: 'ROUTE_NOT_FOUND' }));
  };
}
