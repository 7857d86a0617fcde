export { AppError, isAppError, isRetriable } from './app-error';
export type { AppErrorInit, AppErrorOptions, FieldError } from './app-error';
export {
  ConcurrencyError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  MalformedRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  ROOT_FIELD,
  fromZodError,
  zodIssuesToFieldErrors,
} from './errors';
export { isInfrastructureFailure } from './infrastructure';
