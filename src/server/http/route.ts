import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Action, Principal } from '../../core/access/index.ts';

/** Who may call a route: one permission from the table, any signed-in user, or anyone. */
export type RouteAccess = Action | 'authenticated' | 'public';

export interface RouteContext<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

/** A response with a status other than 200, headers, or a non-JSON body. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One route of the domain API. Every route declares its access; the route table test reads
 * these declarations to generate each role's expected matrix.
 */
export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Accepts an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** Documented response schema for OpenAPI. */
  response?: z.ZodType;
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown | Reply>;
}

/** Declares a route with its schema types inferred. */
export const route = <P = unknown, Q = unknown, B = unknown>(def: RouteDef<P, Q, B>): RouteDef => def as unknown as RouteDef;

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Reply & { __reply: true } => ({ status, body, headers, __reply: true });

export const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && (x as { __reply?: boolean }).__reply === true;
