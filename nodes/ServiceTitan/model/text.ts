/** `customerId` → `Customer ID`, `tag_types` → `Tag Types`: the label of a wire name nobody curated. */
export function titleCase(name: string): string {
	const words = name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.split(' ')
		.filter(Boolean)
		.map((w) => (w.length <= 2 && /^(id|ids)$/i.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)));
	return words.join(' ').replace(/\bIds\b/g, 'IDs').replace(/\bId\b/g, 'ID');
}
