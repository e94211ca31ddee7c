/**
 * `customerId` → `Customer ID`, `tag_types` → `Tag Types`: the label of a wire name nobody curated. Every word
 * is capitalised ("Created On Or After"); operation names are titled by the generator's own rule instead.
 */
export function fieldLabel(name: string): string {
	const words = name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.split(' ')
		.filter(Boolean)
		.map((w) => (w.length <= 2 && /^(id|ids)$/i.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)));
	return words
		.join(' ')
		.replace(/\bIds\b/g, 'IDs')
		.replace(/\bId\b/g, 'ID');
}
