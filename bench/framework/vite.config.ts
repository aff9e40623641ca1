/**
 * The framework-only reference app (issue 23): TanStack Start with nothing of ours, built from the
 * repository's own node_modules, so its versions of Start, Router, React, Vite and nitro are
 * exactly the app's. The bench builds it (`vite build --config bench/framework/vite.config.ts`)
 * into `.data/bench-framework/` and serves `server/index.mjs` from there.
 */

import path from 'node:path'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { nitro } from 'nitro/vite'
import { defineConfig } from 'vite'
import { FRAMEWORK_OUTPUT } from '../build.ts'

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    tanstackStart({
      srcDirectory: 'src',
      serverFns: {
        // The same readable ids as the app's (`/_serverFn/$ping`), so both are called alike.
        generateFunctionId: ({ functionName }) => functionName.replace(/_createServerFn_handler$/, ''),
      },
    }),
    viteReact(),
    nitro({ output: { dir: path.resolve(import.meta.dirname, '../..', FRAMEWORK_OUTPUT) } }),
  ],
})
