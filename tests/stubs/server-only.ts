// Test stand-in for the `server-only` package (aliased in vitest.config.mts).
// The real module throws unless bundled for React Server Components.
export {};
