/**
 * The reference's documentation examples the app renders (test/support/reference-examples-plugin.ts,
 * a Vite plugin, serves this module): by name, the public source and a lazy import of the example,
 * its imports pointed at ours.
 */
declare module 'virtual:reference-examples' {
  export const referenceExamples: Record<string, { source: string; load: () => Promise<Record<string, unknown>> }>
}
