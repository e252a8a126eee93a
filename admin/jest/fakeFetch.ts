/** A pending fetch the test settles by hand, to observe the UI while a request is in flight. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A real Response (the test environment provides Node's) with a JSON body or raw text. */
export function fakeResponse(status: number, body?: unknown, rawText?: string): Response {
  const text = rawText ?? (body === undefined ? null : JSON.stringify(body));
  return new Response(status === 204 ? null : text, { status });
}

export type FetchMock = jest.Mock<Promise<Response>, [input: string, init?: RequestInit]>;

/** Installs a jest.fn as global fetch for one test; restore with `delete globalThis.fetch`. */
export function installFetch(): FetchMock {
  const mock: FetchMock = jest.fn();
  Object.assign(globalThis, { fetch: mock });
  return mock;
}

export function uninstallFetch(): void {
  Reflect.deleteProperty(globalThis, 'fetch');
}

/** The error body every server error uses ({error:{code,message,details?},requestId}). */
export function errorBody(code: string, message: string, details?: unknown) {
  return {
    error: { code, message, ...(details === undefined ? {} : { details }) },
    requestId: 'req-test-1',
  };
}
