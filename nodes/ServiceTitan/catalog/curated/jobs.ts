import type { FieldCuration, ResourceCuration } from '../curation';

/** Jobs and everything scheduled around them: appointments, assignments, projects, tasks, timesheets. */

/** ServiceTitan documents these values for the free-text job priority. */
const PRIORITY: FieldCuration = { options: ['Normal', 'Low', 'High', 'Urgent'] };
const EMPLOYEE = (displayName: string): FieldCuration => ({ displayName: `${displayName} Name or ID`, optionsSource: 'employee' });
const LIST_OR_EXPRESSION = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';
/** Other integrators report that ServiceTitan accepts a task without these and leaves it incomplete: the node requires them. */
const TASK_NEEDS = 'Required: ServiceTitan accepts a task without it but leaves the task incomplete.';

export const JOB_CURATION: Record<string, ResourceCuration> = {
	job: {
		missing: { delete: 'use Cancel (with a cancel reason) instead; Remove Cancellation undoes it' },
		simplify: ['id', 'jobNumber', 'jobStatus', 'customerId', 'locationId', 'jobTypeId', 'businessUnitId', 'summary', 'total', 'completedOn'],
		customFieldTypesPath: 'jobs/custom-fields',
		fields: {
			priority: PRIORITY,
			appointments: {
				displayName: 'Appointments',
				shape: 'lineItems',
				lineItemFields: [
					{ name: 'start', type: 'dateTime', required: true },
					{ name: 'end', type: 'dateTime', required: true },
					{ name: 'arrivalWindowStart', type: 'dateTime' },
					{ name: 'arrivalWindowEnd', type: 'dateTime' },
					{ name: 'technicianIds', type: 'numberList', label: 'Technician IDs' },
				],
			},
			soldById: { displayName: 'Sold By Name or ID', optionsSource: 'technician' },
			campaignId: { description: `Required: ServiceTitan refuses a job without a campaign (422). ${LIST_OR_EXPRESSION}` },
			createdByEmployeeId: EMPLOYEE('Author'),
			recipientIds: { displayName: 'Recipient Names or IDs', multiOptionsSource: 'employee' },
		},
		operations: {
			cancel: { fields: { reasonId: { displayName: 'Cancel Reason Name or ID', optionsSource: 'jobCancelReason' } } },
			hold: { fields: { reasonId: { displayName: 'Hold Reason Name or ID', optionsSource: 'jobHoldReason' } } },
			complete: { fields: { completedOn: { displayName: 'Completed On' } } },
			createMessage: { name: 'Send Message', action: 'Send a message about a job' },
			getJobCanceledLogs: { name: 'Get Cancellation Log', action: 'Get the cancellation log of a job' },
			getBookedLog: { name: 'Get Booking Log', action: 'Get the booking log of a job' },
		},
	},
	appointment: {
		missing: { update: 'use Reschedule to move one; Hold, Remove Hold, Confirm and Remove Confirmation to change its state; Update Special Instructions for its notes' },
		simplify: ['id', 'appointmentNumber', 'jobId', 'status', 'start', 'end', 'arrivalWindowStart', 'arrivalWindowEnd', 'isConfirmed', 'specialInstructions'],
		operations: {
			hold: {
				name: 'Hold',
				action: 'Put an appointment on hold',
				fields: { reasonId: { displayName: 'Hold Reason Name or ID', optionsSource: 'jobHoldReason' } },
			},
			removeHold: { name: 'Remove Hold', action: 'Take an appointment off hold' },
			removeConfirmation: { name: 'Remove Confirmation', action: 'Remove the confirmation of an appointment' },
			create: { name: 'Create', action: 'Add an appointment to a job' },
		},
	},
	appointmentAssignment: {
		missing: { update: 'use Assign Technicians and Unassign Technicians', delete: 'use Unassign Technicians to take technicians off an appointment' },
		simplify: ['id', 'appointmentId', 'jobId', 'technicianId', 'technicianName', 'status', 'assignedOn', 'isPaused', 'active', 'modifiedOn'],
		fields: {
			jobAppointmentId: { displayName: 'Appointment ID', description: 'The appointment (not the job) to change' },
		},
	},
	project: {
		missing: { delete: 'change its status with Update, and use Detach Job to move jobs out' },
		simplify: ['id', 'number', 'name', 'status', 'customerId', 'locationId', 'startDate', 'targetCompletionDate', 'jobIds', 'modifiedOn'],
		customFieldTypesPath: 'projects/custom-fields',
		fields: {
			projectTypeId: { displayName: 'Project Type Name or ID', optionsSource: 'projectType' },
			statusId: { displayName: 'Status Name or ID', optionsSource: 'projectStatus' },
			projectManagerIds: { displayName: 'Project Manager Names or IDs', multiOptionsSource: 'employee' },
			createdByEmployeeId: EMPLOYEE('Author'),
			recipientIds: { displayName: 'Recipient Names or IDs', multiOptionsSource: 'employee' },
		},
		operations: {
			createMessage: { name: 'Send Message', action: 'Send a message about a project' },
		},
	},
	task: {
		missing: { update: 'close them in ServiceTitan', delete: 'close them in ServiceTitan' },
		simplify: ['id', 'taskNumber', 'name', 'status', 'priority', 'assignedToId', 'completeBy', 'isClosed', 'customerId', 'jobId'],
		fields: {
			reportedById: { ...EMPLOYEE('Reported By'), description: `${TASK_NEEDS} ${LIST_OR_EXPRESSION}` },
			businessUnitId: { description: TASK_NEEDS },
			assignedToId: EMPLOYEE('Assigned To'),
			involvedEmployeeIdList: { displayName: 'Involved Employee Names or IDs', multiOptionsSource: 'employee' },
			employeeTaskTypeId: { displayName: 'Task Type ID', description: `${TASK_NEEDS} Task types are listed by Task Lookup Data > Get.` },
			employeeTaskSourceId: { displayName: 'Task Source ID', description: `${TASK_NEEDS} Task sources are listed by Task Lookup Data > Get.` },
			employeeTaskResolutionId: { displayName: 'Task Resolution ID' },
		},
		operations: {
			createSubtask: { name: 'Add Subtask', action: 'Add a subtask to a task' },
		},
	},
	jobType: {
		missing: { delete: 'deactivate them in ServiceTitan settings' },
		simplify: ['id', 'name', 'active', 'priority', 'duration', 'businessUnitIds', 'skills', 'class', 'summary', 'noCharge'],
		fields: {
			priority: PRIORITY,
			businessUnitIds: { displayName: 'Business Unit Names or IDs', multiOptionsSource: 'businessUnit' },
			duration: { description: 'Default duration of jobs of this type, in seconds' },
		},
	},
	timesheet: {
		missing: { get: 'use Get Many for Job (or for Jobs) and pick the timesheet by its ID', delete: 'set Canceled On with Update instead' },
		simplify: ['id', 'jobId', 'appointmentId', 'technicianId', 'dispatchedOn', 'arrivedOn', 'doneOn', 'canceledOn', 'active', 'modifiedOn'],
		simplifyOperations: ['getJobTimesheets', 'getJobTimesheetsByJobs', 'export'],
		fields: {
			job: { displayName: 'Job', locator: 'job' },
		},
		operations: {
			getJobTimesheets: { name: 'Get Many for Job', action: 'Get timesheets of a job' },
			getJobTimesheetsByJobs: { name: 'Get Many for Jobs', action: 'Get timesheets of several jobs' },
			getNonJobTimesheets: { name: 'Get Non-Job Timesheets', action: 'Get non-job timesheets' },
		},
	},
};
