/** Props for a Recharts XAxis on a log scale: the domain, the given ticks (evenly spaced on it), each labelled by `label`. */
export function logXAxisProps(axis: { domain: [number, number]; ticks: number[] }, label: (tick: number) => string) {
  return { type: 'number', scale: 'log', domain: axis.domain, ticks: axis.ticks, tickFormatter: label, allowDataOverflow: true } as const;
}
