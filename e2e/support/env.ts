/** Where the e2e server listens; shared by the Playwright config and the helpers. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4300)
export const BASE_URL = `http://localhost:${E2E_PORT}`
/** The e2e server's log (JSON lines), scanned for secrets by logs.spec.ts. */
export const E2E_LOG_FILE = `.data/e2e-${E2E_PORT}.log`
