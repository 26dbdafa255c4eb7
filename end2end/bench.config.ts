import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Benchmarks that print numbers (never timed tests): `npx playwright test -c bench.config.ts`,
// or scripts/team-page-bench.sh, which builds nothing and says what it needs.
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: /.*\.bench\.ts/,
  timeout: 900_000,
  expect: { timeout: 60_000 },
});
