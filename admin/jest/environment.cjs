// jsdom, plus the WHATWG fetch classes it lacks. react-router's data routers build a Request
// (with an AbortSignal) for every navigation, so both must come from Node's own implementation;
// a jsdom AbortSignal inside a Node Request is rejected. `fetch` itself is left out on
// purpose: tests install their own, and nothing may reach the network.
const { TestEnvironment } = require('jest-environment-jsdom');

class AdminTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, {
      Request,
      Response,
      Headers,
      FormData,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      ReadableStream,
    });
  }
}

module.exports = AdminTestEnvironment;
