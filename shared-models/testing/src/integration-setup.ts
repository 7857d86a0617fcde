// Integration suites start real consumers and wait for sagas; hooks and tests get two minutes.
jest.setTimeout(120_000);
