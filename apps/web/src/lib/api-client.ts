/**
 * The one way the web app talks to the API. It sends JSON with the session cookie, the language the user
 * reads (the server localises its messages by Accept-Language) and, on writes, the anti-forgery token from
 * the last login or session answer. It never shows anything or redirects: errors go back to the caller.
 */

export type Language = 'vi' | 'en';

export interface ApiErrorDetail {
  path?: string;
  reason: string;
  message?: string;
}

/** Codes made by the client itself, for failures that never reached the API's error handler. */
export const clientErrorCodes = {
  network: 'DANSO_ERR_NETWORK',
  badResponse: 'DANSO_ERR_BAD_RESPONSE',
} as const;

export class ApiError extends Error {
  /** HTTP status; 0 when the request did not get an answer. */
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  /** The server's localised message, when the server sent one. */
  readonly serverMessage: string | null;

  constructor(status: number, code: string, serverMessage: string | null, details: ApiErrorDetail[] = []) {
    super(serverMessage ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.serverMessage = serverMessage;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiClient {
  get<T>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  /** A GET whose JSON answer is returned as text, for a caller that reads it elsewhere (a worker). */
  getText(path: string, query?: Record<string, QueryValue>): Promise<string>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  setCsrfToken(token: string | null): void;
  setLanguage(language: Language): void;
}

export interface ApiClientOptions {
  /** Prefix of every path, e.g. `/api/v1`. */
  baseUrl: string;
  language: Language;
  fetch?: typeof fetch;
}

export function buildQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

function readDetails(value: unknown): ApiErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ApiErrorDetail[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, reason, message } = item as Record<string, unknown>;
    return [
      {
        reason: typeof reason === 'string' ? reason : 'unknown',
        ...(typeof path === 'string' ? { path } : {}),
        ...(typeof message === 'string' ? { message } : {}),
      },
    ];
  });
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let csrfToken: string | null = null;
  let language = options.language;

  async function request<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    asText = false,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
    if (method !== 'GET') {
      headers['content-type'] = 'application/json';
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
    }
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(method !== 'GET' ? { body: JSON.stringify(body ?? {}) } : {}),
      });
    } catch {
      throw new ApiError(0, clientErrorCodes.network, null);
    }

    let payload: unknown = null;
    const text = await response.text();
    if (asText && response.ok) return text as T;
    if (text) {
      try {
        payload = JSON.parse(text);
      } catch {
        throw new ApiError(response.status, clientErrorCodes.badResponse, null);
      }
    }
    if (!response.ok) {
      const error = (payload as ErrorBody | null)?.error;
      if (error && typeof error.code === 'string') {
        throw new ApiError(
          response.status,
          error.code,
          typeof error.message === 'string' ? error.message : null,
          readDetails(error.details),
        );
      }
      throw new ApiError(response.status, clientErrorCodes.badResponse, null);
    }
    return payload as T;
  }

  return {
    get: (path, query) => request('GET', `${path}${buildQueryString(query)}`),
    getText: (path, query) => request('GET', `${path}${buildQueryString(query)}`, undefined, true),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    setCsrfToken(token) {
      csrfToken = token;
    },
    setLanguage(next) {
      language = next;
    },
  };
}
