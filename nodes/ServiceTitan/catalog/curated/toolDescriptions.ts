/**
 * Hand-written tool descriptions of the first-class resources' most used operations, by `resource:operation`:
 * what an AI agent reads to choose the tool (n8n appends " in ServiceTitan"). Each says what the operation does, what
 * it needs and what it returns; every other operation's sentence is generated (catalog/toolDescriptions.ts).
 */
export const TOOL_DESCRIPTIONS: Record<string, string> = {
	'customer:get':
		'Look up one customer (a household or business that is billed) by customer ID; returns its name, type, billing address, balance and whether it is active',
	'customer:getAll':
		'List customers, optionally filtered by name, phone, street, city, ZIP or modification date; returns one item per customer (ID, name, address, balance), a small page unless asked for more',
	'customer:create': 'Create a customer with a name, a billing address and at least one service location; returns the new customer with its customer ID',
	'customer:update': 'Change a customer (name, type, billing address, do-not-mail flags) by customer ID; returns the updated customer',
	'customer:createNote': "Add a note to a customer's record (needs the customer ID and the note text); returns the note as saved",
	'customer:getNotes': "Read the notes on a customer's record by customer ID; returns one item per note (text, author, date)",
	'customer:getContactList': 'List the phone numbers and email addresses of a customer by customer ID; returns one item per contact (type, value, memo)',
	'customer:createContact': 'Add a phone number or email address to a customer (needs the customer ID, the contact type and the value); returns the new contact',
	'location:get': 'Look up one service location (the address where work is done) by location ID; returns its name, address, customer ID and zone',
	'location:getAll':
		'List service locations, optionally filtered by customer ID, name, street, city or ZIP; returns one item per location (ID, name, address, customer ID)',
	'location:create': 'Add a service location (a name and an address) to an existing customer by customer ID; returns the new location with its location ID',
	'location:update': 'Change a service location (name, address, zone) by location ID; returns the updated location',
	'location:createNote': "Add a note to a service location's record (needs the location ID and the note text); returns the note as saved",
	'job:get': 'Look up one job (a work order: customer, location, job type, status, summary) by job ID; returns the job record with its status and appointment count',
	'job:getAll':
		'List jobs, optionally filtered by customer, location, status, job type, technician or dates; returns one item per job (ID, number, status, customer, location, job type)',
	'job:create':
		'Book a job for a customer at one of their locations (needs customer ID, location ID, business unit, job type, priority, campaign and at least one appointment window); returns the new job with its job ID',
	'job:update': 'Change a job (summary, priority, job type, business unit, campaign) by job ID; returns the updated job',
	'job:cancel': 'Cancel a job by job ID, with a cancel reason ID and a memo; returns { success: true } once ServiceTitan confirms it',
	'job:hold': 'Put a job on hold by job ID, with a hold reason ID and a memo; returns { success: true } once ServiceTitan confirms it',
	'job:complete': 'Mark a job completed by job ID with the completion time; returns { success: true } once ServiceTitan confirms it',
	'job:createNote': 'Add a note to a job (needs the job ID and the note text); returns the note as saved',
	'job:getNotes': 'Read the notes on a job by job ID; returns one item per note (text, author, date)',
	'appointment:get': 'Look up one appointment (a scheduled visit of a job) by appointment ID; returns its start, end, arrival window, status and job ID',
	'appointment:getAll':
		"List appointments, optionally filtered by job, technician, status or a start-date range (a day's schedule); returns one item per appointment (ID, job ID, start, end, status)",
	'appointment:create': 'Add another visit to an existing job (needs the job ID, start and end); returns the new appointment with its appointment ID',
	'appointment:reschedule': 'Move an appointment to a new start, end or arrival window by appointment ID; returns the updated appointment',
	'appointment:confirm': 'Mark an appointment confirmed with the customer by appointment ID; returns { success: true } once ServiceTitan confirms it',
	'appointment:delete': 'Delete an appointment by appointment ID (a job keeps at least one); returns { success: true } once ServiceTitan confirms it',
	'invoice:getAll':
		'List invoices, optionally filtered by customer, job, status, number or invoice dates (ServiceTitan has no Get by ID: filter by IDs); returns one item per invoice (ID, number, total, balance, customer, job)',
	'invoice:update': 'Change an invoice (summary, dates, memo) by invoice ID; returns the updated invoice',
	'invoice:create': 'Create an adjustment invoice against an existing invoice (needs the ID of the invoice it adjusts); returns the new invoice ID as { value }',
	'payment:getAll':
		'List payments received, optionally filtered by invoice, customer, dates or IDs; returns one item per payment (ID, amount, type, date, applied invoices)',
	'payment:create': 'Record a payment (needs a payment type ID; amount and the invoices it applies to in the splits); returns the new payment with its ID',
	'payment:update': 'Change a payment (type, splits over invoices, memo) by payment ID; returns the updated payment',
	'estimate:get': 'Look up one estimate (a priced proposal for a job) by estimate ID; returns its name, status, items, total and job ID',
	'estimate:getAll': 'List estimates, optionally filtered by job, customer, location, status or dates; returns one item per estimate (ID, name, status, total, job ID)',
	'estimate:create': 'Create an estimate for a job (job ID, name, summary and items); returns the new estimate with its estimate ID',
	'estimate:sell': 'Mark an estimate sold by estimate ID (needs the ID of the employee who sold it); returns the sold estimate',
	'technician:get': 'Look up one technician (a field worker who is dispatched to jobs) by technician ID; returns name, phone, email, business unit and whether active',
	'technician:getAll': 'List technicians, optionally filtered by name, active state or IDs; returns one item per technician (ID, name, business unit, active)',
	'lead:get': 'Look up one lead (a potential job not booked yet) by lead ID; returns its status, priority, summary, customer, location, campaign and follow-up date',
	'lead:getAll':
		'List leads, optionally filtered by status, customer, campaign, creation or follow-up dates; returns one item per lead (ID, status, summary, follow-up date)',
	'lead:create': 'Create a lead with a campaign ID and a summary (customer, location, job type and priority optional); returns the new lead with its lead ID',
	'lead:createNote': 'Add a note to a lead (needs the lead ID and the note text); returns the note as saved',
	'lead:dismiss': 'Dismiss a lead by lead ID with the reason ID it is closed for; returns { success: true } once ServiceTitan confirms it',
	'booking:get':
		'Look up one booking (a request from an online booking provider, before it becomes a job) by booking ID; returns its name, status, summary, address and job ID once booked',
	'booking:getAll': 'List bookings from booking providers, optionally filtered by status or dates; returns one item per booking (ID, name, status, summary, start)',
	'booking:create':
		"Send a booking request as a booking provider (needs the provider tag, source, the customer's name, a summary, whether first-time client and your external ID); returns the new booking",
	'appointmentAssignment:getAll':
		"List which technicians are assigned to which appointments, optionally filtered by appointment, job, technician or dates (a technician's schedule); returns one item per assignment (appointment ID, job ID, technician ID and name, status)",
	'appointmentAssignment:assignTechnicians':
		'Dispatch technicians to an appointment (needs the appointment ID and the technician IDs or names); returns { success: true } once ServiceTitan confirms it',
	'appointmentAssignment:unassignTechnicians':
		'Take technicians off an appointment (needs the appointment ID and the technician IDs or names); returns { success: true } once ServiceTitan confirms it',
	'availability:getAll':
		"Read the availability grid between a start and an end date (needs startUtc, endUtc and xType, what the grid's columns are: arrival window, business unit, technician …); returns the grid's rows with free capacity per column",
	'availability:getSlots':
		'Read the bookable slots between a start and an end date (needs startUtc, endUtc and xType, what the slots are grouped by); returns one item per slot with its free capacity',
	'capacity:get':
		'Read the booking capacity of a time frame, by business unit and job type (needs the start, the end and whether skills count); returns the time frames with their open and total capacity',
	'technicianShift:getAll':
		"List technicians' shifts (working hours, on-call, time off), optionally filtered by technician or dates; returns one item per shift (technician ID, type, start, end)",
	'technicianShift:create': 'Create a shift for one or more technicians (needs technician IDs, shift type, title, start, end and repeat type); returns the new shift',
	'membership:get':
		'Look up one membership (a recurring service plan a customer bought) by membership ID; returns its status, customer, location, membership type, from and to dates',
	'membership:getAll':
		'List memberships, optionally filtered by customer, status, type or dates; returns one item per membership (ID, status, customer ID, membership type)',
	'project:get': 'Look up one project (a group of related jobs, e.g. an installation) by project ID; returns its number, name, status, customer and location',
	'project:getAll': 'List projects, optionally filtered by customer, location, status or dates; returns one item per project (ID, number, name, status)',
	'task:get': 'Look up one task (an office follow-up item, e.g. a callback) by task ID; returns its name, status, priority, assignee and customer or job',
	'task:getAll':
		'List office tasks, optionally filtered by assignee, status, priority, customer, job or dates; returns one item per task (ID, number, name, status, priority)',
	'task:create':
		'Create an office task (needs who reported it, the assignee, name, business unit, task type, task source, reported date, priority and whether closed); returns the new task',
	'pricebookService:getAll':
		'Search the pricebook for services (labor tasks with a price), optionally by code, name, category or activity; returns one item per service (code, name, price, member price)',
	'pricebookService:get': 'Look up one pricebook service by its ID; returns its code, name, description, price, member price and hours',
	'pricebookMaterial:getAll': 'Search the pricebook for materials (parts), optionally by code, name or category; returns one item per material (code, name, cost, price)',
	'pricebookEquipment:getAll':
		'Search the pricebook for equipment (units sold and installed), optionally by code, name, manufacturer or model; returns one item per equipment (code, name, manufacturer, model, price)',
	'installedEquipment:getAll':
		'List equipment installed at service locations (furnaces, AC units, water heaters), optionally by location or dates; returns one item per unit (name, type, status, location ID)',
	'installedEquipment:get': 'Look up one installed equipment unit by its ID; returns its name, type, manufacturer, model, serial number, install date and location',
	'purchaseOrder:get': 'Look up one purchase order by its ID; returns its number, status, vendor, job, items and totals',
	'purchaseOrder:getAll':
		'List purchase orders, optionally filtered by status, vendor, job, technician or dates; returns one item per order (ID, number, status, vendor ID, job ID)',
	'vendor:getAll': 'List vendors (suppliers of parts and equipment), optionally by name or active state; returns one item per vendor (ID, name, contact, address)',
	'businessUnit:getAll':
		"List the tenant's business units (e.g. HVAC Service, Plumbing Install), optionally by name or active state; returns one item per business unit (ID, name, email, phone)",
	'jobType:getAll':
		'List job types (e.g. AC Tune-Up, No Heat), optionally by name or active state; returns one item per job type (ID, name, priority, duration, business units)',
	'campaign:getAll':
		'List marketing campaigns (where customers came from, required to book a job), optionally by name or active state; returns one item per campaign (ID, name, category)',
	'employee:getAll': 'List office employees (not technicians), optionally by name, role or active state; returns one item per employee (ID, name, email, phone, role)',
	'report:getAll': 'List the reports of a report category (needs the category, e.g. operations); returns one item per report (ID, name, description)',
	'report:getData':
		"Run a ServiceTitan report (needs the category, the report ID and its parameters, e.g. From and To dates); returns one item per row, with the report's fields by name",
};
