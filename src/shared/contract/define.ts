import type { z } from 'zod';

/** A request: one argument in, one promise back. Both sides are validated at runtime. */
export interface RequestDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): RequestDef<Req, Res> {
  return { request, response };
}

/** Errors every transport reports the same way. */
export type ApiErrorCode = 'bad_request' | 'unknown_channel' | 'forbidden' | 'not_found' | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiError };
