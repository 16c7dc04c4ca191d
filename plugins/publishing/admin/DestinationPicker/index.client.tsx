'use client'

type Props = {
  destinations: { id: number; name: string }[]
  chosen: number[]
  onChange: (chosen: number[]) => void
  disabled?: boolean
}

/**
 * "Publish now" to chosen destinations: none ticked means where the site's rules send the
 * document; ticking some sends it there only (active destinations of its site).
 */
export const DestinationPicker = ({ destinations, chosen, onChange, disabled }: Props) => {
  if (destinations.length < 2) return null
  return (
    <details className="destination-picker">
      <summary>Choose destinations</summary>
      <p className="field-description">Nothing ticked: where the site&apos;s rules send it.</p>
      {destinations.map((d) => (
        <label key={d.id} style={{ display: 'block' }}>
          <input
            type="checkbox"
            disabled={disabled}
            checked={chosen.includes(d.id)}
            onChange={() =>
              onChange(chosen.includes(d.id) ? chosen.filter((c) => c !== d.id) : [...chosen, d.id])
            }
          />{' '}
          {d.name}
        </label>
      ))}
    </details>
  )
}
