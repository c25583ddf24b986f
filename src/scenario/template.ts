/** The scenario `zopa init` writes and the workbench creates new scenarios from. */

/** A commented starting point that validates as it is. */
export const INIT_TEMPLATE = `# yaml-language-server: $schema=https://zopa.dev/schema/scenario.schema.json
# A Zopa scenario. Run \`zopa validate\` on it after each edit and \`zopa analyze\` to see the agreement zone.
zopa: 1
meta:
  id: my-negotiation            # letters, digits, '_', '-', '.'
  title: My negotiation
  summary: Two parties settle a price and a delivery date.
  asOf: "2026-01-01"

# Documents that back claims. Any element can cite them with \`sources: [id, ...]\`;
# values without sources are reported as assumptions.
sources:
  - id: memo
    title: Internal memo
    publisher: Example Ltd
    date: "2026-01-01"
    quote: "We cannot go below 100."

# Issues: categorical (options), ordinal (ordered options), integer (min, max, step) or real (min, max, resolution).
issues:
  - id: price
    name: Price
    type: integer
    min: 80
    max: 120
    step: 10
  - id: delivery
    name: Delivery
    type: ordinal                # options listed from lowest to highest
    options:
      - { id: slow, label: Four weeks }
      - { id: fast, label: One week }

parties:
  - id: seller
    name: Seller
    role: principal              # principal | mediator | observer
    # veto: true                 # principals must accept any deal (default); mediators and observers need not
    reservation: 0.2             # utility of the best alternative to a deal; or { outcome: {...} }
    preferences:
      rationale: Price matters three times as much as delivery.
      weights: { price: 0.75, delivery: 0.25 }     # must sum to 1 (or set normalize: true)
      values:
        price: { piecewise: [[80, 0], [120, 1]] }  # numeric issues: piecewise-linear, values in [0, 1]
        delivery: { slow: 1, fast: 0 }
    redLines:
      - id: floor
        statement: We cannot go below 100.
        sources: [memo]
        status: stated           # stated | reported | inferred
        requires: { issue: price, atLeast: 100 }   # also in / notIn / atMost, combined with all / any / not
  - id: buyer
    name: Buyer
    role: principal
    preferences:
      weights: { price: 0.6, delivery: 0.4 }
      values:
        price: { piecewise: [[80, 1], [120, 0]] }
        delivery: { slow: 0, fast: 1 }

# What-ifs: \`zopa analyze FILE --variant NAME\`, or --all-variants.
variants:
  - id: no-floor
    description: The seller drops its price floor.
    changes:
      - { op: dropRedLine, party: seller, redLine: floor }
`;
