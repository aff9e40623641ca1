/**
 * Looking a name up in a registry held as a plain object (organization roles, token templates,
 * plans): only the registry's own entries count. A plain lookup of `constructor` or `__proto__`
 * finds what every object inherits, and a name that comes in a request is anybody's choice.
 */
export function ownEntry<T>(registry: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined
}
