import type { FactorJSON } from '../../session/wire.ts'
import { LinkButton } from '../ui/button.tsx'
import { choiceLabel } from './strategies.ts'

/** A factor's identity within a step: its strategy, and which address, number or connection. */
export const factorKey = (factor: FactorJSON) =>
  `${factor.strategy}:${factor.emailAddressId ?? factor.phoneNumberId ?? factor.enterpriseConnectionId ?? ''}`

/** "Or": the other factors on offer, each as its choice ("Use a backup code", "Text me a code (+•••0123)"). */
export function OtherWays({ factors, onChoose }: { factors: FactorJSON[]; onChoose: (factor: FactorJSON) => void }) {
  if (factors.length === 0) return null
  return (
    <div className="mt-5 border-t border-zinc-100 pt-4">
      <p className="text-xs font-medium tracking-wide text-zinc-600 uppercase">Or</p>
      <ul className="mt-2 flex flex-col items-start gap-2">
        {factors.map((factor) => (
          <li key={factorKey(factor)}>
            <LinkButton onClick={() => onChoose(factor)}>{choiceLabel(factor)}</LinkButton>
          </li>
        ))}
      </ul>
    </div>
  )
}
