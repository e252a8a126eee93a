import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../jest/fakeFetch';
import { ApiError, CLIENT_ERROR_CODES, createApiClient, requestJson } from './http';

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
});
afterEach(uninstallFetch);

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('requestJson', () => {
  it('parses the server error body into a typed error with code, details and request id', async () => {
    const details = [{ path: ['username'], message: 'Required' }];
    fetchMock.mockResolvedValueOnce(
      fakeResponse(400, errorBody('VALIDATION_FAILED', 'Invalid input', details)),
    );
    const err = await failure(requestJson('/api/admin/x'));
    expect(err.status).toBe(400);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toBe('Invalid input');
    expect(err.details).toEqual(details);
    expect(err.requestId).toBe('req-test-1');
    expect(err.isNetwork).toBe(false);
  });

  it('reports a non-JSON error page as a bad response with its status', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(502, undefined, '<html>Bad Gateway</html>'));
    const err = await failure(requestJson('/api/admin/x'));
    expect(err.status).toBe(502);
    expect(err.code).toBe(CLIENT_ERROR_CODES.BAD_RESPONSE);
  });

  it('reports JSON that is not the error shape as a bad response', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(500, { message: 'oops' }));
    const err = await failure(requestJson('/api/admin/x'));
    expect(err.code).toBe(CLIENT_ERROR_CODES.BAD_RESPONSE);
  });

  it('turns a rejected fetch into a network error with status 0', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const err = await failure(requestJson('/api/admin/x'));
    expect(err.status).toBe(0);
    expect(err.isNetwork).toBe(true);
    expect(err.message).toBe('Failed to fetch');
  });

  it('tells an abort apart from a network failure', async () => {
    const controller = new AbortController();
    fetchMock.mockImplementationOnce(async () => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    });
    const err = await failure(requestJson('/api/admin/x', { signal: controller.signal }));
    expect(err.code).toBe(CLIENT_ERROR_CODES.ABORTED);
  });

  it('sends JSON bodies and query strings and resolves with the parsed body', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(200, { items: [1, 2] }));
    const api = createApiClient('/api/admin');
    const body = await api<{ items: number[] }>('/members', {
      method: 'POST',
      body: { note: '备注' },
      query: { page: 2, q: '金卡 会员', skip: undefined },
    });
    expect(body).toEqual({ items: [1, 2] });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/admin/members?page=2&q=%E9%87%91%E5%8D%A1+%E4%BC%9A%E5%91%98');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"note":"备注"}');
    expect(init?.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(init?.credentials).toBe('same-origin');
  });

  it('resolves an empty success body as undefined and sends no content type without a body', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(204));
    await expect(requestJson('/api/admin/x', { method: 'DELETE' })).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]![1]?.headers).not.toHaveProperty('content-type');
  });

  it('rejects a success whose body is not JSON', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(200, undefined, 'not json'));
    const err = await failure(requestJson('/api/admin/x'));
    expect(err.code).toBe(CLIENT_ERROR_CODES.BAD_RESPONSE);
  });

  it('returns the body of a status the caller declared normal', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(503, { status: 'degraded' }));
    await expect(requestJson('/healthz', { okStatuses: [503] })).resolves.toEqual({
      status: 'degraded',
    });
  });
});
