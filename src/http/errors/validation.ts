import { ApiError, type ErrorCode } from './catalogue.js';

/** The first schema violation, as fastify's validator (ajv) reports it. */
export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** One row of a route's table: a violation of `keyword` at `pointer` is answered with `code`. */
export interface ValidationRule {
  /** The offending member as a JSON Pointer; for `required`, the missing member itself. */
  pointer: string | RegExp;
  keyword: string;
  code: ErrorCode;
  /** For people; gets the offending pointer and ajv's params (e.g. `limit`). */
  detail: (pointer: string, params: Record<string, unknown>) => string;
}

/**
 * A route's own codes for its body's schema violations, declared in the
 * route's `config.validation`; anything not in `rules` is `invalid_body`
 * with `fallback` as its detail.
 */
export interface ValidationTable {
  rules: readonly ValidationRule[];
  fallback: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How this route names its body's schema violations (see errors/validation.ts). */
    validation?: ValidationTable;
  }
}

const GENERIC = 'The request body does not have the form this route takes.';

/** The offending member: where the value is, or where the missing one should be. */
function pointerOf(issue: ValidationIssue): string {
  const missing = issue.params.missingProperty;
  if (issue.keyword === 'required' && typeof missing === 'string') {
    return `${issue.instancePath}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return issue.instancePath;
}

/** Turns the first schema violation of a body into its route's catalogue error. */
export function fromValidation(
  issue: ValidationIssue | undefined,
  table: ValidationTable | undefined,
): ApiError {
  if (issue === undefined) return new ApiError('invalid_body', table?.fallback ?? GENERIC);
  const pointer = pointerOf(issue);
  for (const rule of table?.rules ?? []) {
    if (rule.keyword !== issue.keyword) continue;
    if (typeof rule.pointer === 'string' ? rule.pointer !== pointer : !rule.pointer.test(pointer)) continue;
    return new ApiError(rule.code, rule.detail(pointer, issue.params), { pointer });
  }
  return new ApiError('invalid_body', table?.fallback ?? GENERIC, { pointer });
}
