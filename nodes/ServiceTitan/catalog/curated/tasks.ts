import type { TaskOperation } from '../taskTypes';

/**
 * The task-shaped operations as data (types and the request bound: catalog/tasks.ts). Their reads are catalog
 * operations, so paths, API areas and filters are ServiceTitan's documented ones; the simulator's contract check
 * validates every request they send.
 */

/** Job statuses that are not finished: what a card calls open jobs. */
const OPEN_JOB_STATUSES = ['Scheduled', 'Dispatched', 'InProgress', 'Hold'];
const ADDRESS_FIELDS = ['id', 'name', 'address'];
/** Get Availability's reads: from the day's midnight (its optional technician only), each record put under its technician. */
const FROM_MIDNIGHT = { startsOnOrAfter: { input: 'date.start' } };
const OF_THE_TECHNICIAN = { technicianId: { input: 'technicianId' } };
const UNDER_THE_TECHNICIAN = { read: 'primary', on: 'technicianId' };

export const TASK_OPERATIONS: TaskOperation[] = [
	{
		resource: 'customer',
		value: 'getCard',
		name: 'Get Card',
		action: 'Get a customer card',
		description:
			'Look a customer up by ID, phone, name or address and return one card: the customer with its balance, contacts, locations and open jobs (of its 50 newest jobs)',
		lookup: true,
		returns: 'one item: the customer with its balance, contacts, locations and open jobs, or the candidates when several customers match',
		inputs: [{ name: 'id', displayName: 'Customer', kind: 'record', resource: 'customer', required: true, description: 'The customer to read' }],
		primary: {
			as: 'primary',
			resource: 'customer',
			operation: 'get',
			send: { id: { input: 'id' } },
			simplify: ['id', 'name', 'type', 'active', 'address', 'balance', 'doNotService', 'doNotMail'],
		},
		reads: [
			{
				as: 'contacts',
				resource: 'customer',
				operation: 'getContactList',
				send: { id: { from: 'primary', field: 'id' } },
				pageSize: 50,
				simplify: ['id', 'type', 'value', 'memo'],
			},
			{ as: 'locations', resource: 'location', operation: 'getAll', send: { customerId: { from: 'primary', field: 'id' } }, pageSize: 50, simplify: ADDRESS_FIELDS },
			{
				as: 'openJobs',
				resource: 'job',
				operation: 'getAll',
				// Open jobs are among the newest: one page of the newest 50, the finished ones left out.
				send: { customerId: { from: 'primary', field: 'id' }, sort: { text: '-Id' } },
				pageSize: 50,
				keep: { field: 'jobStatus', in: OPEN_JOB_STATUSES },
				simplify: ['id', 'jobNumber', 'jobStatus', 'priority', 'summary', 'locationId', 'businessUnitId', 'jobTypeId', 'createdOn'],
			},
		],
	},
	{
		resource: 'job',
		value: 'getDetail',
		name: 'Get Detail',
		action: 'Get a job with its details',
		description: 'Get a job with its customer, location, appointments and the technicians assigned to each appointment (by name)',
		returns: 'one item: the job with its customer, location and appointments, each appointment with its technicians by name',
		inputs: [{ name: 'id', displayName: 'Job', kind: 'record', resource: 'job', required: true, description: 'The job ID' }],
		primary: {
			as: 'primary',
			resource: 'job',
			operation: 'get',
			send: { id: { input: 'id' } },
			simplify: ['id', 'jobNumber', 'jobStatus', 'priority', 'summary', 'businessUnitId', 'jobTypeId', 'campaignId', 'total', 'createdOn', 'completedOn'],
		},
		reads: [
			{
				as: 'customer',
				resource: 'customer',
				operation: 'get',
				send: { id: { from: 'primary', field: 'customerId' } },
				simplify: ['id', 'name', 'type', 'balance', 'doNotService'],
			},
			{ as: 'location', resource: 'location', operation: 'get', send: { id: { from: 'primary', field: 'locationId' } }, simplify: ADDRESS_FIELDS },
			{
				as: 'appointments',
				resource: 'appointment',
				operation: 'getAll',
				send: { jobId: { from: 'primary', field: 'id' } },
				pageSize: 50,
				simplify: ['id', 'appointmentNumber', 'status', 'start', 'end', 'arrivalWindowStart', 'arrivalWindowEnd'],
			},
			{
				// Assignments carry the technician's name, so no technician read is needed.
				as: 'technicians',
				resource: 'appointmentAssignment',
				operation: 'getAll',
				send: { jobId: { from: 'primary', field: 'id' } },
				pageSize: 200,
				simplify: ['technicianId', 'technicianName', 'status'],
				into: { read: 'appointments', on: 'appointmentId' },
			},
		],
	},
	{
		resource: 'technician',
		value: 'getAvailability',
		name: 'Get Availability',
		action: "Get technicians' availability for a day",
		description:
			"Technicians' day: their shifts, the appointments assigned to them, non-job appointments and the free windows left in their shifts; one item per technician",
		returns: 'one item per technician with shifts, assigned appointments, non-job appointments and free windows',
		inputs: [
			{ name: 'date', displayName: 'Day', kind: 'day', required: true, description: "The day to read, from midnight to midnight in the workflow's timezone" },
			{ name: 'technicianId', displayName: 'Technician', kind: 'record', resource: 'technician', required: false, description: 'Only this technician (optional)' },
			{
				name: 'businessUnitId',
				displayName: 'Business Unit',
				kind: 'record',
				resource: 'businessUnit',
				required: false,
				description: "Only this business unit's technicians (optional)",
			},
		],
		primary: {
			as: 'primary',
			resource: 'technician',
			operation: 'getAll',
			send: { ids: { input: 'technicianId' }, active: { text: 'True' } },
			pageSize: 500,
			keep: { field: 'businessUnitId', input: 'businessUnitId' },
			simplify: ['id', 'name', 'businessUnitId'],
		},
		reads: [
			{
				as: 'shifts',
				resource: 'technicianShift',
				operation: 'getAll',
				send: { ...FROM_MIDNIGHT, endsOnOrBefore: { input: 'date.end' }, ...OF_THE_TECHNICIAN },
				pageSize: 500,
				simplify: ['id', 'shiftType', 'title', 'start', 'end'],
				into: UNDER_THE_TECHNICIAN,
				span: { start: 'start', end: 'end' },
			},
			{
				as: 'nonJobAppointments',
				resource: 'nonJobAppointment',
				operation: 'getAll',
				send: { ...FROM_MIDNIGHT, startsOnOrBefore: { input: 'date.end' }, ...OF_THE_TECHNICIAN, activeOnly: { text: 'true' } },
				pageSize: 500,
				simplify: ['id', 'name', 'start', 'duration', 'allDay'],
				into: UNDER_THE_TECHNICIAN,
				span: { start: 'start', duration: 'duration' },
			},
			{
				as: 'dayAppointments',
				resource: 'appointment',
				operation: 'getAll',
				send: { ...FROM_MIDNIGHT, startsBefore: { input: 'date.end' } },
				pageSize: 200,
				// A canceled appointment takes no time.
				keep: { field: 'status', in: ['Scheduled', 'Dispatched', 'Working', 'Hold', 'Done'] },
				simplify: ['id', 'start', 'end', 'status'],
				hidden: true,
			},
			{
				// Who is on each of the day's appointments: assignments by appointment ID, 50 IDs a request.
				as: 'appointments',
				resource: 'appointmentAssignment',
				operation: 'getAll',
				send: { appointmentIds: { from: 'dayAppointments', field: 'id' } },
				pageSize: 500,
				batches: 4,
				simplify: ['appointmentId', 'jobId', 'status'],
				join: { read: 'dayAppointments', on: 'appointmentId', fields: ['start', 'end'] },
				into: UNDER_THE_TECHNICIAN,
				span: { start: 'start', end: 'end' },
			},
		],
		freeWindows: { shifts: 'shifts', busy: ['appointments', 'nonJobAppointments'], timeOff: { field: 'shiftType', value: 'TimeOff' } },
	},
];
