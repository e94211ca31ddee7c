/** Text helpers for the catalog generator: words, Title Case, sentence-case actions, plurals, descriptions. */

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
const PREPOSITIONS = new Set(['as', 'by', 'for', 'from', 'in', 'of', 'on', 'to', 'with']);
/** Nouns that read wrong with an article or a plural "s". */
const UNCOUNTABLE = new Set(['availability', 'capacity', 'data', 'metadata', 'equipment', 'history', 'information', 'performance', 'pricing', 'tracking']);

/** `GetListByJobs` → `['Get', 'List', 'By', 'Jobs']`; `GetCustomFieldTypes` → `['Get', 'Custom', 'Field', 'Types']`. */
export function splitWords(identifier: string): string[] {
	return identifier
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[\s_-]+/)
		.filter(Boolean);
}

const isAcronym = (word: string): boolean => word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word);

export function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

export function upperFirst(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `['Mark', 'As', 'Exported']` → `Mark as Exported`: operation and plural names (small words lower-case); field labels use the node's fieldLabel. */
export function titleCase(words: string[]): string {
	return words
		.map((word) => (word === 'Id' ? 'ID' : word))
		.map((word, index) => (index > 0 && SMALL_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : upperFirst(word)))
		.join(' ');
}

/** Lower-cases a phrase for use inside a sentence, keeping acronyms (AP, GL, GPS). */
export function inSentence(phrase: string): string {
	return phrase
		.split(' ')
		.map((word) => (word === 'Id' ? 'ID' : isAcronym(word) ? word : word.toLowerCase()))
		.join(' ');
}

export function isPlural(word: string): boolean {
	const lower = word.toLowerCase();
	if (lower === 'children') return true;
	return lower.endsWith('s') && !lower.endsWith('ss') && !lower.endsWith('us') && !UNCOUNTABLE.has(lower);
}

export function pluralize(phrase: string): string {
	const words = phrase.split(' ');
	const last = words[words.length - 1];
	const lower = last.toLowerCase();
	let plural: string;
	if (UNCOUNTABLE.has(lower) || isPlural(last)) plural = last;
	else if (/[^aeiou]y$/i.test(last)) plural = `${last.slice(0, -1)}ies`;
	else if (/(s|x|z|ch|sh)$/i.test(last)) plural = `${last}es`;
	else plural = `${last}s`;
	return [...words.slice(0, -1), plural].join(' ');
}

export function article(phrase: string): string {
	const first = phrase.split(' ')[0];
	// Acronyms are read letter by letter: "an AP bill", "a GL account", "an SMS".
	if (isAcronym(first)) return /^[AEFHILMNORSX]/.test(first) ? 'an' : 'a';
	return /^[aeiou]/i.test(first) ? 'an' : 'a';
}

/** Whether a noun phrase takes "a"/"an": singular and countable. */
function takesArticle(words: string[]): boolean {
	const last = words[words.length - 1]?.toLowerCase() ?? '';
	return !isPlural(last) && !UNCOUNTABLE.has(last);
}

/**
 * Sentence-case action from an operation's verb phrase and the resource name:
 * `Cancel` + Job → "Cancel a job"; `Create Note` + Customer → "Create a customer note";
 * `Get Notes` + Customer → "Get customer notes"; `Mark As Exported` + Invoice → "Mark an invoice as exported";
 * `Assign Technician Skills` + Technician Skill → "Assign technician skills" (the resource is already named).
 */
export function actionFor(verbPhrase: string[], resourceName: string): string {
	const [verb, ...phrase] = verbPhrase;
	// "Get Transactions List" reads better as "Get … transactions".
	const rest = phrase.length >= 2 && phrase[phrase.length - 1] === 'List' ? [...phrase.slice(0, -2), pluralize(phrase[phrase.length - 2])] : phrase;
	const resource = inSentence(resourceName);
	const restText = inSentence(rest.join(' '));
	let sentence: string;
	if (rest.length === 0) {
		sentence = UNCOUNTABLE.has(lastWord(resource)) ? `${verb} ${resource}` : `${verb} ${article(resource)} ${resource}`;
	} else if (PREPOSITIONS.has(rest[0].toLowerCase())) {
		const object = UNCOUNTABLE.has(lastWord(resource)) ? resource : `${article(resource)} ${resource}`;
		sentence = `${verb} ${object} ${restText}`;
	} else {
		const mentionsResource = restText.split(' ').some((word) => word.replace(/s$/, '') === resource.split(' ')[0]);
		const phrase = mentionsResource ? restText : `${resource} ${restText}`;
		sentence = takesArticle(rest) ? `${verb} ${article(phrase)} ${phrase}` : `${verb} ${phrase}`;
	}
	return upperFirst(sentence);
}

function lastWord(phrase: string): string {
	const words = phrase.split(' ');
	return words[words.length - 1].toLowerCase();
}

/** Words a description cut short would end on ("… If no filter is supplied it."). */
export const DANGLING_WORDS = new Set([
	'a',
	'an',
	'the',
	'and',
	'or',
	'but',
	'nor',
	'to',
	'of',
	'for',
	'with',
	'in',
	'on',
	'by',
	'from',
	'at',
	'as',
	'into',
	'that',
	'which',
	'who',
	'if',
	'it',
	'its',
	'is',
	'are',
	'be',
	'can',
	'will',
	'no',
	'not',
	'all',
	'this',
	'these',
	'their',
]);

/** A sentence that would run longer than this is kept whole anyway: the specs have none over 200 characters. */
const LONGEST_SENTENCE = 220;

/**
 * Plain text from a spec description: HTML and markdown stripped, whitespace collapsed, as many whole
 * sentences as fit in `maxLength` characters (at least the first; a sentence is never cut), punctuated as
 * n8n's lint wants it: one sentence has no final period, several sentences end with one. Empty input
 * gives undefined.
 */
export function cleanDescription(raw: string | undefined, maxLength = 100): string | undefined {
	if (raw === undefined) return undefined;
	const text = raw
		.replace(/<br\s*\/?>/gi, ' ')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
		.replace(/[*`#]+/g, '')
		// ServiceTitan uses a trailing backslash as a markdown line break.
		.replace(/\\(\r?\n|$)/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (text === '') return undefined;
	// A numbered list ("… at least: 1. start date 2. end date …") ends a sentence on its next number: drop it.
	const parts = text.split(/(?<=[.!?])\s+(?=[A-Z"(])/);
	const sentences = parts.map((sentence, index) => (index < parts.length - 1 ? sentence.replace(/\s[1-9]\d*\.$/, '') : sentence).trim());
	let kept = sentences[0];
	for (const sentence of sentences.slice(1)) {
		if (kept.length + 1 + sentence.length > maxLength) break;
		kept = `${kept} ${sentence}`;
	}
	if (kept.length > LONGEST_SENTENCE) throw new Error(`A description sentence is longer than ${LONGEST_SENTENCE} characters: ${kept}`);
	kept = kept.replace(/[\s,;:]+$/, '');
	const count = kept.replace(/[.!?]+$/, '').split(/[.!?]\s+(?=[A-Z"(])/).length;
	if (count === 1) return kept.replace(/\.+$/, '');
	return /[.!?]$/.test(kept) ? kept : `${kept}.`;
}
