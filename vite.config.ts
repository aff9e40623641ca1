import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { nitro } from 'nitro/vite'
import { defineConfig } from 'vite'
import { referenceExamplesPlugin } from './test/support/reference-examples-plugin.ts'

// `npm run dev` reads .env like `npm start` does (server-side only; nothing here reaches the client).
if (existsSync('.env')) process.loadEnvFile('.env')

export default defineConfig({
  environments: {
    client: {
      build: {
        rolldownOptions: {
          output: {
            // Fewer, larger chunks (issue 23): every chunk a page statically needs is a
            // <link rel="modulepreload"> in its head (30–34 of them before), so what the entry needs
            // is one chunk and what several routes share is another; each route keeps its own.
            codeSplitting: {
              groups: [
                { name: 'entry', tags: ['$initial'], priority: 2 },
                { name: 'shared', minShareCount: 2, priority: 1 },
              ],
            },
          },
        },
      },
    },
  },
  resolve: {
    // Zod configured before its first schema (app/zod-jitless.ts: no eval probe under our CSP).
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./app/zod-jitless.ts', import.meta.url)) }],
  },
  plugins: [
    // The reference's documentation examples, rendered at /examples/reference/<name> (issue 21).
    referenceExamplesPlugin(),
    tanstackStart({
      srcDirectory: 'app',
      serverFns: {
        // Readable, stable ids (`/_serverFn/$signIn`): export names are unique by convention, and the
        // route inventory test keys on them. Ids are not secrets; every function authorizes itself.
        generateFunctionId: ({ functionName }) => functionName.replace(/_createServerFn_handler$/, ''),
        // Our own CSRF middleware is registered in app/start.ts (and a test fails if it is not).
        disableCsrfMiddlewareWarning: true,
      },
      importProtection: {
        behavior: 'error',
        client: {
          // Replaces Start's default list, so the default `**/*.server.*` rule is restated here.
          files: ['**/*.server.*', '**/db/**'],
          specifiers: [
            'postgres',
            '@electric-sql/pglite',
            '@node-rs/argon2',
            '@simplewebauthn/server',
            'nodemailer',
            'otpauth',
            'qrcode',
            'sharp',
            /^drizzle-orm/,
          ],
        },
      },
    }),
    viteReact(),
    tailwindcss(),
    nitro({
      // Kept external: PGlite finds its wasm next to its own module, argon2 and sharp are native
      // addons, and @simplewebauthn/server's tsyringe must load after its reflect-metadata polyfill.
      traceDeps: ['@electric-sql/pglite', '@node-rs/argon2', '@simplewebauthn/server', 'sharp'],
      plugins: ['./app/server/lifecycle.nitro.ts'],
    }),
  ],
})
