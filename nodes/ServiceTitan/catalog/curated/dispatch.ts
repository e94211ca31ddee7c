import type { FieldCuration, ResourceCuration } from '../curation';

/** Dispatch: capacity, availability (ServiceTitan's Adjustable Capacity) and technician shifts. */

/** Comma-separated IDs of one kind of record, sent as a JSON list: what each list of the availability grid filters by. */
const ids = (record: string, plural = `${record.toLowerCase()}s`): FieldCuration => ({
	displayName: `${record} IDs`,
	description: `Only these ${plural} (comma-separated IDs)`,
});

/** Availability and its slots take the same request. */
const AVAILABILITY_FIELDS: Record<string, FieldCuration> = {
	startUtc: { displayName: 'Start (UTC)', description: 'Start of the grid, inclusive, in UTC: 2026-01-01T00:00:00Z starts at midnight UTC' },
	endUtc: { displayName: 'End (UTC)', description: 'End of the grid, exclusive, in UTC: 2026-01-02T00:00:00Z after a start of 2026-01-01T00:00:00Z is 24 hours' },
	xType: { displayName: 'Columns By', description: 'What the grid’s columns are: one per arrival window, business hour, business unit, technician …' },
	startMinuteTtz: {
		displayName: 'Custom Window Start (Minutes)',
		description: 'A custom arrival window’s first minute of the day in the tenant’s time zone: 8 am is 480',
	},
	endMinuteTtz: {
		displayName: 'Custom Window End (Minutes)',
		description: 'A custom arrival window’s end (exclusive), minutes of the day in the tenant’s time zone: 10 am is 600',
	},
	arrivalWindows: ids('Arrival Window'),
	businessHours: ids('Business Hour'),
	businessUnits: ids('Business Unit'),
	businessUnitGroups: ids('Business Unit Group'),
	jobTypes: ids('Job Type'),
	jobTypeGroups: ids('Job Type Group'),
	skills: ids('Skill'),
	tagTypes: ids('Tag Type'),
	teams: ids('Team'),
	technicians: ids('Technician'),
	trades: ids('Trade'),
	zones: ids('Zone'),
	jobPriorities: { description: 'Only these job priorities (comma-separated: Low, Normal, High, Urgent)' },
	shiftTypes: { description: 'Only these shift types (comma-separated: Normal, OnCall, TimeOff)' },
	technicianTypes: { description: 'Only these technician types (comma-separated)' },
	weekdays: { description: 'Only these weekdays (comma-separated: Monday, Tuesday …)' },
	useTenantSettings: { description: 'Whether ServiceTitan applies the tenant’s own capacity settings, ignoring the business units and zones sent' },
	jobDurationInMinutes: { displayName: 'Job Duration (Minutes)', description: 'Length of the job being booked: only slots it fits in count' },
	existingJobAppointmentId: { displayName: 'Rescheduled Appointment ID', description: 'The appointment being rescheduled, when not booking a new one' },
};

export const DISPATCH_CURATION: Record<string, ResourceCuration> = {
	capacity: {
		operations: { get: { name: 'Get', action: 'Get the booking capacity of a time frame' } },
		fields: {
			startsOnOrAfter: { displayName: 'Starts On or After', description: 'Start of the time frame to calculate capacity for' },
			endsOnOrBefore: { displayName: 'Ends On or Before', description: 'End of the time frame to calculate capacity for' },
			businessUnitIds: { displayName: 'Business Unit IDs', description: 'Only these business units (comma-separated IDs); all when empty' },
			skillBasedAvailability: { displayName: 'Skill-Based Availability', description: 'Whether technicians count only when they have the skills the job type needs' },
		},
	},
	availability: {
		operations: {
			getAll: { description: 'The availability grid of a period: open capacity per day and column (arrival window, business unit, technician …)' },
			getSlots: { name: 'Get Slots', action: 'Get the bookable slots of a period' },
		},
		fields: AVAILABILITY_FIELDS,
	},
	technicianShift: {
		simplify: ['id', 'title', 'shiftType', 'technicianId', 'start', 'end', 'note', 'timesheetCodeId', 'active', 'modifiedOn'],
		fields: {
			shiftType: { description: 'Normal work, on call, or time off' },
			start: { description: 'When the shift begins' },
			end: { description: 'When the shift ends' },
			repeatType: { description: 'Never, or repeat the shift daily or weekly until Repeat End Date' },
			repeatInterval: { description: 'Every how many days or weeks the shift repeats' },
			shiftDays: { displayName: 'Repeat On Days', description: 'Weekdays a weekly shift repeats on, comma-separated, e.g. Monday, Wednesday, Friday' },
			timesheetCodeId: { displayName: 'Timesheet Code ID' },
		},
		operations: {
			bulkDelete: { fields: { start: { description: 'Shifts from this moment are deleted' }, end: { description: 'Shifts up to this moment are deleted' } } },
		},
	},
};
