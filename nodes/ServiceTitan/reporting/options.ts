import type { INodeProperties } from 'n8n-workflow';
import type { WindowSize } from './windows';

/**
 * Options of a report run: how rows come out, and date-range splitting. Their defaults are what a run did before
 * they existed (rows keyed by field name, one run over the whole range), so saved workflows run unchanged.
 */
export const REPORT_OPTIONS = 'options';

export type ReportOutput = 'name' | 'label' | 'raw';

export interface ReportRunOptions {
	output?: ReportOutput;
	dateWindow?: WindowSize;
	dateWindowFrom?: string;
	dateWindowTo?: string;
}

export const DEFAULT_WINDOW_FROM = 'From';
export const DEFAULT_WINDOW_TO = 'To';

export function reportOptionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: REPORT_OPTIONS,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Output Rows',
				name: 'output',
				type: 'options',
				default: 'name',
				options: [
					{ name: 'Keyed by Field Name', value: 'name', description: 'One item per row, keys are the report’s field names (stable when labels change)' },
					{ name: 'Keyed by Label', value: 'label', description: 'One item per row, keys are the column labels ServiceTitan shows' },
					{
						name: 'Raw Rows Plus Fields',
						value: 'raw',
						description: 'One item per run: { fields, rows } with the rows as positional arrays, as ServiceTitan sends them',
					},
				],
			},
			{
				displayName: 'Split Date Range',
				name: 'dateWindow',
				type: 'options',
				default: 'month',
				description:
					'Run the report once per day, week (Monday to Sunday) or calendar month of the From–To range and concatenate the rows, so a long range is pulled in small runs. Each run waits its turn under Report Runs per Minute. Rows get a dateWindow { from, to }.',
				options: [
					{ name: 'Day', value: 'day' },
					{ name: 'Week', value: 'week' },
					{ name: 'Month', value: 'month' },
				],
			},
			{
				displayName: 'Split: Start Parameter',
				name: 'dateWindowFrom',
				type: 'string',
				default: DEFAULT_WINDOW_FROM,
				description: 'The report’s parameter holding the first day of the range (used with Split Date Range)',
			},
			{
				displayName: 'Split: End Parameter',
				name: 'dateWindowTo',
				type: 'string',
				default: DEFAULT_WINDOW_TO,
				description: 'The report’s parameter holding the last day of the range, included (used with Split Date Range)',
			},
		],
	};
}
