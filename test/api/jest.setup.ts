// Per-project `testTimeout` is ignored by jest, so the API project sets it here.
jest.setTimeout(30_000);
