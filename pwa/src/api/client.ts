/**
 * JSON over HTTP to the Shipfloor API. Errors come back as RFC 9457 problem details with a
 * stable `code`; they are thrown as `ApiError` so that a screen can show `detail` in words.
 */

import { session } from "../auth/session";

export interface Problem {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

/** The request never reached the server (offline, DNS, connection refused). */
export class NetworkError extends Error {}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Do not drop the session on 401 (the login request itself). */
  anonymous?: boolean;
}

let onUnauthorized: () => void = () => {};

/** What to do when the server no longer knows the token (expired, revoked). */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const token = session.token();
  if (token && !options.anonymous) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "omit", cache: "no-store" });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === "object" ? { status: response.status, ...(data as object) } : { status: response.status };
    if (response.status === 401 && !options.anonymous) onUnauthorized();
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
};
