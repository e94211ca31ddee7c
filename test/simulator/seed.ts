import { Random, hashString } from './random';
import { GUID_KEYED_COLLECTIONS, guidRecordId, isoTime, type RecordId, type SimRecord, type SimulatorStore } from './store';
import { SIMULATOR_EPOCH } from './clock';

/**
 * Deterministic seed data for a residential/commercial HVAC, plumbing and electrical contractor in
 * central Texas. Every collection draws from its own PRNG stream (seed + collection name), so changing
 * one collection's size does not reshuffle the others.
 */

export type SizePreset = 'small' | 'demo';

/** Record counts per seeded collection, by store key. */
const SMALL: Record<string, number> = {
	'settings:business-units': 6,
	'settings:technicians': 8,
	'settings:employees': 6,
	'settings:tag-types': 10,
	'jpm:job-types': 14,
	'jpm:job-cancel-reasons': 5,
	'jpm:job-hold-reasons': 4,
	'marketing:categories': 4,
	'marketing:campaigns': 8,
	'accounting:tax-zones': 4,
	'accounting:payment-types': 6,
	'memberships:membership-types': 4,
	'pricebook:categories': 6,
	'pricebook:services': 20,
	'pricebook:materials': 30,
	'pricebook:equipment': 12,
	'inventory:vendors': 8,
	'crm:booking-providers': 2,
	'crm:customers': 40,
	'crm:locations': 48,
	'crm:customers/contacts': 60,
	'crm:contacts': 20,
	'crm:customers/notes': 12,
	'crm:leads': 20,
	'crm:bookings': 12,
	'jpm:jobs': 60,
	'jpm:appointments': 70,
	'dispatch:appointment-assignments': 70,
	'jpm:projects': 6,
	'taskManagement:tasks': 10,
	'sales:estimates': 30,
	'accounting:invoices': 40,
	'accounting:payments': 30,
	'accounting:inventory-bills': 10,
	'accounting:ap-bills': 10,
	'inventory:purchase-orders': 12,
	'inventory:receipts': 8,
	'equipmentSystems:installed-equipment': 30,
	'memberships:memberships': 15,
	'payroll:jobs/timesheets': 40,
	'telecom:calls': 25,
	// Technicians' days around "today" (the epoch): a shift per technician per day, a few non-job appointments.
	'dispatch:technician-shifts': 96,
	'dispatch:non-job-appointments': 16,
};

const DEMO_SCALE: Record<string, number> = {
	'crm:customers': 400,
	'crm:locations': 480,
	'crm:customers/contacts': 600,
	'crm:contacts': 150,
	'crm:customers/notes': 120,
	'crm:leads': 150,
	'crm:bookings': 60,
	'jpm:jobs': 900,
	'jpm:appointments': 1000,
	'dispatch:appointment-assignments': 1000,
	'jpm:projects': 40,
	'taskManagement:tasks': 80,
	'sales:estimates': 350,
	'accounting:invoices': 700,
	'accounting:payments': 600,
	'accounting:inventory-bills': 120,
	'accounting:ap-bills': 120,
	'inventory:purchase-orders': 150,
	'inventory:receipts': 100,
	'equipmentSystems:installed-equipment': 500,
	'memberships:memberships': 180,
	'payroll:jobs/timesheets': 900,
	'telecom:calls': 400,
	'settings:technicians': 18,
	'dispatch:technician-shifts': 216,
	'dispatch:non-job-appointments': 36,
	'settings:employees': 12,
	'pricebook:services': 60,
	'pricebook:materials': 120,
	'pricebook:equipment': 40,
	'inventory:vendors': 15,
};

export const SEEDED_COLLECTIONS: ReadonlySet<string> = new Set([...Object.keys(SMALL), 'reporting:report-categories', 'reporting:reports']);

/** Resolves a size option to counts per store key; names may be full keys, paths or camelCase. */
export function resolveSizes(size: SizePreset | Partial<Record<string, number>> | undefined): Record<string, number> {
	if (size === undefined || size === 'small') return { ...SMALL };
	if (size === 'demo') return { ...SMALL, ...DEMO_SCALE };
	const counts = { ...SMALL };
	for (const [name, count] of Object.entries(size)) {
		if (count === undefined) continue;
		const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
		const key = Object.keys(SMALL).find((k) => k === name || k.endsWith(`:${name}`) || k.endsWith(`:${kebab}`));
		if (!key) throw new Error(`size: unknown collection "${name}" (known: ${Object.keys(SMALL).join(', ')})`);
		counts[key] = count;
	}
	return counts;
}

const FIRST_NAMES = [
	'James',
	'Maria',
	'Robert',
	'Linda',
	'Michael',
	'Patricia',
	'David',
	'Jennifer',
	'William',
	'Elizabeth',
	'Carlos',
	'Sofia',
	'Daniel',
	'Susan',
	'Matthew',
	'Jessica',
	'Anthony',
	'Sarah',
	'Mark',
	'Karen',
	'Luis',
	'Nancy',
	'Steven',
	'Lisa',
	'Andrew',
	'Betty',
	'Joshua',
	'Ashley',
	'Kevin',
	'Emily',
	'Brian',
	'Michelle',
	'Jose',
	'Amanda',
	'Ryan',
	'Melissa',
	'Tyler',
	'Rebecca',
	'Hector',
	'Laura',
];
const LAST_NAMES = [
	'Smith',
	'Johnson',
	'Williams',
	'Brown',
	'Jones',
	'Garcia',
	'Miller',
	'Davis',
	'Rodriguez',
	'Martinez',
	'Hernandez',
	'Lopez',
	'Gonzalez',
	'Wilson',
	'Anderson',
	'Thomas',
	'Taylor',
	'Moore',
	'Jackson',
	'Martin',
	'Lee',
	'Perez',
	'Thompson',
	'White',
	'Harris',
	'Sanchez',
	'Clark',
	'Ramirez',
	'Lewis',
	'Robinson',
	'Walker',
	'Young',
	'Allen',
	'King',
	'Wright',
	'Scott',
	'Torres',
	'Nguyen',
	'Hill',
	'Flores',
];
const COMPANY_WORDS = ['Lone Star', 'Hill Country', 'Capitol', 'Riverside', 'Bluebonnet', 'Pecan Street', 'Barton Creek', 'Lakeway', 'Brushy Creek', 'Oak Hill'];
const COMPANY_KINDS = [
	'Property Management',
	'Dental Group',
	'Animal Hospital',
	'Self Storage',
	'Church',
	'Apartments',
	'Montessori School',
	'Veterinary Clinic',
	'Restaurant Group',
	'Office Park',
];
const STREETS = [
	'Oak',
	'Maple',
	'Cedar',
	'Pecan',
	'Live Oak',
	'Mesquite',
	'Bluebonnet',
	'Lamar',
	'Congress',
	'Guadalupe',
	'Burnet',
	'Parmer',
	'Anderson Mill',
	'Slaughter',
	'William Cannon',
	'Riverside',
	'Barton Springs',
	'Manchaca',
	'Brodie',
	'Spicewood Springs',
];
const STREET_SUFFIXES = ['St', 'Ave', 'Dr', 'Ln', 'Blvd', 'Cv', 'Trl', 'Way', 'Ct', 'Pkwy'];
const CITIES: Array<[city: string, zips: string[], areaCode: string]> = [
	['Austin', ['78701', '78704', '78723', '78731', '78745', '78750', '78759'], '512'],
	['Round Rock', ['78664', '78665', '78681'], '512'],
	['Cedar Park', ['78613'], '512'],
	['Georgetown', ['78626', '78628', '78633'], '512'],
	['Pflugerville', ['78660'], '512'],
	['Leander', ['78641'], '512'],
	['San Marcos', ['78666'], '737'],
	['Kyle', ['78640'], '737'],
	['Buda', ['78610'], '737'],
	['Lakeway', ['78734', '78738'], '512'],
];

const BUSINESS_UNITS: Array<[name: string, trade: string]> = [
	['HVAC Service', 'HVAC'],
	['HVAC Install', 'HVAC'],
	['Plumbing Service', 'Plumbing'],
	['Plumbing Install', 'Plumbing'],
	['Electrical Service', 'Electrical'],
	['Drains & Sewer', 'Plumbing'],
	['Commercial HVAC', 'HVAC'],
	['Maintenance', 'HVAC'],
];
const JOB_TYPES: Array<[name: string, trade: string, minutes: number]> = [
	['AC Tune-Up', 'HVAC', 90],
	['Furnace Tune-Up', 'HVAC', 90],
	['No Cool', 'HVAC', 120],
	['No Heat', 'HVAC', 120],
	['AC Replacement Estimate', 'HVAC', 60],
	['Ductless Mini-Split Install', 'HVAC', 480],
	['Water Heater Replacement', 'Plumbing', 240],
	['Drain Cleaning', 'Plumbing', 90],
	['Leak Repair', 'Plumbing', 120],
	['Sewer Camera Inspection', 'Plumbing', 60],
	['Panel Upgrade', 'Electrical', 480],
	['Outlet / Switch Repair', 'Electrical', 60],
	['EV Charger Install', 'Electrical', 240],
	['Whole-Home Surge Protector', 'Electrical', 90],
	['Gas Leak Check', 'Plumbing', 60],
	['Sump Pump Install', 'Plumbing', 180],
];
const CAMPAIGNS: Array<[name: string, category: string]> = [
	['Google LSA', 'Digital'],
	['Google Ads - Search', 'Digital'],
	['Facebook Ads', 'Digital'],
	['Yard Signs', 'Offline'],
	['Customer Referral', 'Referral'],
	['Repeat Customer', 'Referral'],
	['Direct Mail - Spring Tune-Up', 'Direct Mail'],
	['Truck Wrap', 'Offline'],
	['Angi', 'Lead Provider'],
	['Radio - KASE 101', 'Offline'],
];
const CAMPAIGN_CATEGORIES = ['Digital', 'Offline', 'Referral', 'Direct Mail', 'Lead Provider'];
const TAG_TYPES: Array<[name: string, color: string]> = [
	['VIP', '#F5A623'],
	['Member', '#4A90E2'],
	['Do Not Service', '#D0021B'],
	['Warranty', '#7ED321'],
	['Elderly - Call Ahead', '#9013FE'],
	['Dog on Property', '#8B572A'],
	['Commercial', '#417505'],
	['Gate Code', '#50E3C2'],
	['Second Opinion', '#BD10E0'],
	['Spanish Speaking', '#F8E71C'],
];
const CANCEL_REASONS = ['Customer Canceled', 'Scheduled With Another Company', 'Price Too High', 'Duplicate Job', 'Weather', 'No Longer Needed'];
const HOLD_REASONS = ['Waiting on Parts', 'Customer Requested Hold', 'Awaiting Financing Approval', 'Permit Pending', 'Waiting on Warranty Claim'];
const PAYMENT_TYPES = ['Cash', 'Check', 'Credit Card', 'ACH / eCheck', 'Financing', 'Gift Certificate'];
const MEMBERSHIP_TYPES: Array<[name: string, price: number]> = [
	['Comfort Club - Silver', 179],
	['Comfort Club - Gold', 299],
	['Plumbing Protection Plan', 149],
	['Electrical Safety Plan', 129],
	['Commercial Maintenance Agreement', 1200],
];
const TAX_ZONES: Array<[name: string, rate: number]> = [
	['Travis County', 8.25],
	['Williamson County', 8.25],
	['Hays County', 8.25],
	['Out of Area - Exempt', 0],
	['Bastrop County', 8.25],
];
const SERVICES: Array<[code: string, name: string, price: number, category: string]> = [
	['HV-TUNE-AC', 'AC Tune-Up', 129, 'HVAC Maintenance'],
	['HV-TUNE-FURN', 'Furnace Tune-Up', 129, 'HVAC Maintenance'],
	['HV-DIAG', 'HVAC Diagnostic', 89, 'HVAC Repair'],
	['HV-CAP-REPL', 'Replace Run Capacitor', 285, 'HVAC Repair'],
	['HV-CONT-REPL', 'Replace Contactor', 245, 'HVAC Repair'],
	['HV-REFR-LB', 'Refrigerant Recharge (per lb)', 95, 'HVAC Repair'],
	['HV-FLUSH-DRAIN', 'Flush Condensate Drain Line', 149, 'HVAC Repair'],
	['PL-DIAG', 'Plumbing Diagnostic', 79, 'Plumbing Repair'],
	['PL-DRAIN-MAIN', 'Main Line Drain Clearing', 375, 'Drains'],
	['PL-DRAIN-SINK', 'Kitchen Sink Drain Clearing', 225, 'Drains'],
	['PL-WH-40G', 'Install 40 Gal Gas Water Heater', 2150, 'Water Heaters'],
	['PL-WH-50G', 'Install 50 Gal Gas Water Heater', 2450, 'Water Heaters'],
	['PL-FAUC-REPL', 'Replace Kitchen Faucet', 325, 'Plumbing Repair'],
	['PL-CAMERA', 'Sewer Camera Inspection', 299, 'Drains'],
	['EL-DIAG', 'Electrical Diagnostic', 89, 'Electrical'],
	['EL-OUTLET-GFCI', 'Install GFCI Outlet', 189, 'Electrical'],
	['EL-PANEL-200A', '200A Panel Upgrade', 3850, 'Electrical'],
	['EL-SURGE', 'Whole-Home Surge Protector', 495, 'Electrical'],
	['EL-EV-L2', 'Level 2 EV Charger Install', 1295, 'Electrical'],
	['EL-FIXT', 'Replace Light Fixture', 165, 'Electrical'],
];
const PRICEBOOK_CATEGORIES = ['HVAC Maintenance', 'HVAC Repair', 'Plumbing Repair', 'Drains', 'Water Heaters', 'Electrical'];
const MATERIALS: Array<[code: string, name: string, cost: number]> = [
	['MAT-CAP-4555', '45/5 MFD Dual Run Capacitor', 18.5],
	['MAT-CONT-2P30', '2-Pole 30A Contactor', 14.25],
	['MAT-R410A', 'R-410A Refrigerant (lb)', 22],
	['MAT-R454B', 'R-454B Refrigerant (lb)', 31],
	['MAT-FILT-16251', '16x25x1 Pleated Air Filter', 6.4],
	['MAT-FILT-20251', '20x25x1 Pleated Air Filter', 6.9],
	['MAT-CU-ELB-12', '1/2" Copper Elbow', 1.35],
	['MAT-CU-PIPE-12', '1/2" Type L Copper Pipe (10 ft)', 38],
	['MAT-PEX-34', '3/4" PEX-A Pipe (100 ft)', 89],
	['MAT-SHARK-12', '1/2" Push-to-Connect Coupling', 9.8],
	['MAT-WAX-RING', 'Toilet Wax Ring', 4.2],
	['MAT-GFCI-20', '20A GFCI Receptacle', 17.5],
	['MAT-BRKR-20', '20A Single-Pole Breaker', 8.9],
	['MAT-WIRE-122', '12/2 NM-B Wire (250 ft)', 126],
	['MAT-PVC-CEM', 'PVC Cement (8 oz)', 7.3],
	['MAT-TAPE-FOIL', 'Foil HVAC Tape', 11],
];
const EQUIPMENT: Array<[code: string, name: string, manufacturer: string, price: number]> = [
	['EQ-HP-3T-16', '3 Ton 16 SEER2 Heat Pump', 'Trane', 8950],
	['EQ-AC-4T-15', '4 Ton 15.2 SEER2 Condenser', 'Carrier', 7800],
	['EQ-FURN-80-60', '80% 60k BTU Gas Furnace', 'Lennox', 3900],
	['EQ-MINI-12K', '12k BTU Ductless Mini-Split', 'Mitsubishi', 4200],
	['EQ-WH-50G', '50 Gal Gas Water Heater', 'Rheem', 1650],
	['EQ-WH-TANKLESS', 'Tankless Gas Water Heater 199k BTU', 'Navien', 3400],
	['EQ-PANEL-200', '200A Main Breaker Load Center', 'Square D', 690],
	['EQ-EVSE-48', '48A Level 2 EV Charger', 'ChargePoint', 799],
	['EQ-THERM-SMART', 'Smart Thermostat', 'Ecobee', 249],
	['EQ-SUMP-13HP', '1/3 HP Submersible Sump Pump', 'Zoeller', 310],
];
const VENDORS = [
	'Ferguson Plumbing Supply',
	'Johnstone Supply',
	'Carrier Enterprise',
	'Winsupply of Austin',
	'Graybar Electric',
	'Home Depot Pro',
	'Locke Supply',
	'Trane Supply',
	'Rexel USA',
	'Hajoca Plumbing Supply',
	'Goodman Distribution',
	'Mayer Electric',
	'Morrison Supply',
	'Lennox PartsPlus',
	'Beacon Supply',
];
const TECH_ROLES = ['HVAC Technician', 'Plumber', 'Electrician', 'Install Lead', 'Service Manager'];
const NOTES = [
	'Customer prefers text messages.',
	'Side gate code 4512.',
	'Unit in attic, bring ladder.',
	'Large dog in backyard.',
	'Call 30 minutes before arrival.',
	'Tenant occupied; owner pays.',
];
const SUMMARIES = [
	'AC blowing warm air, thermostat set to 72.',
	'Annual maintenance visit.',
	'Water heater leaking from the bottom.',
	'Kitchen sink draining slowly.',
	'Breaker keeps tripping in garage.',
	'Wants estimate for new system.',
	'Low water pressure upstairs.',
	'Install EV charger in garage.',
	'Furnace short cycling.',
	'Toilet running constantly.',
];

const EMPTY: readonly unknown[] = Object.freeze([]);
/**
 * The simulated "today" that seeding is relative to. Seeding is synchronous, so seedStore sets it
 * for the duration of one tenant's seeding (seedGeneric runs right after, in the same tick).
 */
let seedEpoch = SIMULATOR_EPOCH;
/** History spans about four years before the epoch. */
let HISTORY_START = SIMULATOR_EPOCH - (SIMULATOR_EPOCH - Date.UTC(2023, 0, 1));
/** Seeded changes end an hour before the simulator's epoch, so they are outside any export delay. */
let HISTORY_END = SIMULATOR_EPOCH - 60 * 60 * 1000;

function useEpoch(epoch: number): void {
	seedEpoch = epoch;
	HISTORY_START = epoch - (SIMULATOR_EPOCH - Date.UTC(2023, 0, 1));
	HISTORY_END = epoch - 60 * 60 * 1000;
}

interface Address {
	street: string;
	unit: string | null;
	city: string;
	state: string;
	zip: string;
	country: string;
	latitude: number;
	longitude: number;
}

function makeAddress(rng: Random): { address: Address; areaCode: string } {
	const [city, zips, areaCode] = rng.pick(CITIES);
	return {
		address: {
			street: `${rng.int(100, 19999)} ${rng.pick(STREETS)} ${rng.pick(STREET_SUFFIXES)}`,
			unit: rng.chance(0.1) ? `Apt ${rng.int(100, 420)}` : null,
			city,
			state: 'TX',
			zip: rng.pick(zips),
			country: 'USA',
			latitude: Math.round((30.27 + (rng.next() - 0.5) * 0.6) * 1e6) / 1e6,
			longitude: Math.round((-97.74 + (rng.next() - 0.5) * 0.6) * 1e6) / 1e6,
		},
		areaCode,
	};
}

const phone = (rng: Random, areaCode: string): string => `${areaCode}555${String(rng.int(100, 9999)).padStart(4, '0')}`;

class Seeder {
	readonly ids = new Map<string, RecordId[]>();

	constructor(
		private readonly store: SimulatorStore,
		private readonly seed: number,
		private readonly counts: Record<string, number>,
	) {}

	rng(key: string): Random {
		return new Random(this.seed * 7919 + hashString(key));
	}

	count(key: string): number {
		return this.counts[key] ?? 0;
	}

	pickId(rng: Random, key: string): RecordId {
		const ids = this.ids.get(key);
		if (!ids?.length) throw new Error(`seed: ${key} must be seeded before it is referenced`);
		return rng.pick(ids);
	}

	record(key: string, id: RecordId): SimRecord {
		return this.store.collection(key).records.get(id) as SimRecord;
	}

	/**
	 * Generates `count` records with ascending ids and creation times spread over the history window
	 * (ids grow with time, as in ServiceTitan), a third of them modified later.
	 */
	fill(key: string, count: number, build: (index: number, rng: Random, created: number, id: number) => Record<string, unknown>): void {
		const rng = this.rng(key);
		const collection = this.store.collection(key);
		const records: SimRecord[] = new Array(count);
		const ids: RecordId[] = new Array(count);
		const span = HISTORY_END - HISTORY_START;
		for (let index = 0; index < count; index++) {
			const sequence = collection.nextId + index;
			const id = GUID_KEYED_COLLECTIONS.has(key) ? guidRecordId(sequence) : sequence;
			const created = HISTORY_START + Math.floor(((index + rng.next()) / Math.max(count, 1)) * span * 0.98);
			const modified = rng.chance(0.35) ? created + Math.floor(rng.next() * (HISTORY_END - created)) : created;
			const fields = build(index, rng, created, sequence);
			records[index] = { id, active: true, ...fields, createdOn: isoTime(created), modifiedOn: isoTime(modified) };
			ids[index] = id;
		}
		this.store.load(key, records);
		this.ids.set(key, ids);
	}

	recordsOf(key: string): Map<RecordId, SimRecord> {
		return this.store.collection(key).records;
	}

	/** Fixed lists (business units, reasons…): one record per name, capped by the size. */
	fillNamed<T>(key: string, items: readonly T[], build: (item: T, index: number, rng: Random) => Record<string, unknown>): void {
		const count = Math.min(this.count(key), items.length);
		this.fill(key, count, (index, rng) => build(items[index], index, rng));
	}
}

export function seedStore(store: SimulatorStore, seed: number, counts: Record<string, number>, epoch = SIMULATOR_EPOCH): void {
	useEpoch(epoch);
	const s = new Seeder(store, seed, counts);

	s.fillNamed('settings:business-units', BUSINESS_UNITS, ([name, trade], _i, rng) => {
		const { address, areaCode } = makeAddress(rng);
		return {
			name,
			officialName: `Lone Star Comfort Services - ${name}`,
			email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@lonestarcomfort.example`,
			currency: 'USD',
			phoneNumber: phone(rng, areaCode),
			invoiceHeader: 'Lone Star Comfort Services',
			invoiceMessage: 'Thank you for your business!',
			defaultTaxRate: 8.25,
			address,
			trade,
			division: trade,
			tagTypeIds: EMPTY,
			externalData: null,
		};
	});
	s.fillNamed('settings:tag-types', TAG_TYPES, ([name, color], i) => ({
		name,
		color,
		code: name.slice(0, 3).toUpperCase(),
		importance: i < 3 ? 'High' : 'Medium',
		isConversionOpportunity: name === 'Second Opinion',
		allowToUseOnTimesheetActivity: false,
		isVisibleOnDispatchBoard: true,
	}));
	s.fill('settings:technicians', s.count('settings:technicians'), (_i, rng) => {
		const firstName = rng.pick(FIRST_NAMES);
		const lastName = rng.pick(LAST_NAMES);
		const { address, areaCode } = makeAddress(rng);
		return {
			userId: rng.int(10000, 99999),
			name: `${firstName} ${lastName}`,
			firstName,
			lastName,
			roleIds: [rng.int(1, 5)],
			businessUnitId: s.pickId(rng, 'settings:business-units'),
			email: `${firstName}.${lastName}@lonestarcomfort.example`.toLowerCase(),
			phoneNumber: phone(rng, areaCode),
			mobilePhone: phone(rng, areaCode),
			loginName: `${firstName[0]}${lastName}`.toLowerCase(),
			home: address,
			dailyGoal: rng.pick([1200, 1500, 2000, 2500]),
			isManagedTech: false,
			licenseType: rng.pick(['Full', 'Lite']),
			positions: [rng.pick(TECH_ROLES)],
			burdenRate: rng.money(8, 15),
			hourlyRate: rng.money(24, 48),
			team: rng.pick(['Red Team', 'Blue Team', 'Install Crew']),
			accountLocked: false,
			customFields: EMPTY,
		};
	});
	s.fill('settings:employees', s.count('settings:employees'), (_i, rng) => {
		const firstName = rng.pick(FIRST_NAMES);
		const lastName = rng.pick(LAST_NAMES);
		return {
			userId: rng.int(10000, 99999),
			name: `${firstName} ${lastName}`,
			firstName,
			lastName,
			managerId: null,
			role: rng.pick(['Dispatcher', 'Customer Service Rep', 'Office Manager', 'Accounting', 'General Manager']),
			roleIds: [rng.int(6, 10)],
			businessUnitId: null,
			email: `${firstName}.${lastName}@lonestarcomfort.example`.toLowerCase(),
			phoneNumber: phone(rng, '512'),
			loginName: `${firstName[0]}${lastName}`.toLowerCase(),
			accountLocked: false,
			customFields: EMPTY,
		};
	});
	s.fillNamed('jpm:job-types', JOB_TYPES, ([name, trade, duration]) => ({
		name,
		businessUnitIds: (s.ids.get('settings:business-units') ?? []).filter((id) => String(s.record('settings:business-units', id).trade) === trade),
		skills: [trade],
		tagTypeIds: EMPTY,
		priority: 'Normal',
		duration: duration * 60,
		soldThreshold: null,
		class: trade,
		summary: `${name} (${trade})`,
		noCharge: false,
		isSmartDispatched: true,
	}));
	s.fillNamed('jpm:job-cancel-reasons', CANCEL_REASONS, (name) => ({ name }));
	s.fillNamed('jpm:job-hold-reasons', HOLD_REASONS, (name) => ({ name }));
	s.fillNamed('marketing:categories', CAMPAIGN_CATEGORIES, (name) => ({ name, type: name === 'Digital' ? 'Online' : 'Offline' }));
	const categoryIdByName = new Map((s.ids.get('marketing:categories') ?? []).map((id) => [String(s.record('marketing:categories', id).name), id]));
	s.fillNamed('marketing:campaigns', CAMPAIGNS, ([name, category], _i, rng) => ({
		name,
		category: { id: categoryIdByName.get(category) ?? null, name: category, active: true },
		source: category,
		otherSource: null,
		businessUnit: null,
		medium: category === 'Digital' ? 'CPC' : 'Other',
		dnis: phone(rng, '512'),
	}));
	s.fillNamed('accounting:tax-zones', TAX_ZONES, ([name, rate], i) => ({
		name,
		color: ['#4A90E2', '#7ED321', '#F5A623', '#9B9B9B', '#D0021B'][i],
		isTaxRateSeparated: false,
		isMultipleTaxZone: false,
		rates: [{ id: i + 1, taxName: `${name} Sales Tax`, taxBaseType: ['Materials', 'Equipment'], taxRate: rate, salesTaxItem: null }],
	}));
	s.fillNamed('accounting:payment-types', PAYMENT_TYPES, (name) => ({ name }));
	s.fillNamed('memberships:membership-types', MEMBERSHIP_TYPES, ([name, price]) => ({
		name,
		discountMode: 'Percent',
		locationTarget: 'AllLocations',
		revenueRecognitionMode: 'FullyOnSale',
		autoCalculateInvoiceTemplates: true,
		useMembershipPricingTable: true,
		showMembershipSavings: true,
		billingTemplateId: null,
		businessUnitId: null,
		price,
	}));
	s.fillNamed('pricebook:categories', PRICEBOOK_CATEGORIES, (name, index) => ({
		name,
		position: index,
		description: name,
		parentId: null,
		categoryType: 'Services',
		subcategories: EMPTY,
	}));
	const pricebookCategory = new Map((s.ids.get('pricebook:categories') ?? []).map((id) => [String(s.record('pricebook:categories', id).name), id]));
	s.fill('pricebook:services', s.count('pricebook:services'), (index, rng) => {
		const [code, name, price, category] = SERVICES[index % SERVICES.length];
		const suffix = index < SERVICES.length ? '' : `-${Math.floor(index / SERVICES.length) + 1}`;
		return {
			code: `${code}${suffix}`,
			displayName: name,
			description: name,
			warranty: { duration: 30, description: '30-day labor warranty' },
			categories: [{ id: pricebookCategory.get(category) ?? null, name: category }],
			price,
			memberPrice: Math.round(price * 0.85),
			addOnPrice: price,
			addOnMemberPrice: Math.round(price * 0.85),
			taxable: false,
			account: 'Service Income',
			hours: rng.pick([0.5, 1, 1.5, 2, 4]),
			isLabor: true,
			recommendations: EMPTY,
			upgrades: EMPTY,
			assets: EMPTY,
			serviceMaterials: EMPTY,
			serviceEquipment: EMPTY,
			crossSaleGroup: null,
		};
	});
	s.fill('pricebook:materials', s.count('pricebook:materials'), (index) => {
		const [code, name, cost] = MATERIALS[index % MATERIALS.length];
		const suffix = index < MATERIALS.length ? '' : `-${Math.floor(index / MATERIALS.length) + 1}`;
		return {
			code: `${code}${suffix}`,
			displayName: name,
			description: name,
			cost,
			price: Math.round(cost * 2.5 * 100) / 100,
			memberPrice: Math.round(cost * 2.2 * 100) / 100,
			unitOfMeasure: 'Each',
			taxable: true,
			isInventory: true,
			account: 'Materials Income',
			primaryVendor: null,
			otherVendors: EMPTY,
			categories: EMPTY,
		};
	});
	s.fill('pricebook:equipment', s.count('pricebook:equipment'), (index) => {
		const [code, name, manufacturer, price] = EQUIPMENT[index % EQUIPMENT.length];
		const suffix = index < EQUIPMENT.length ? '' : `-${Math.floor(index / EQUIPMENT.length) + 1}`;
		return {
			code: `${code}${suffix}`,
			displayName: name,
			description: name,
			manufacturer,
			model: `${manufacturer.slice(0, 3).toUpperCase()}-${index + 1000}`,
			price,
			memberPrice: Math.round(price * 0.95),
			cost: Math.round(price * 0.55),
			taxable: true,
			manufacturerWarranty: { duration: 120, description: '10-year parts' },
			serviceProviderWarranty: { duration: 12, description: '1-year labor' },
			categories: EMPTY,
			equipmentMaterials: EMPTY,
		};
	});
	s.fill('inventory:vendors', Math.min(s.count('inventory:vendors'), VENDORS.length), (index, rng) => {
		const { address, areaCode } = makeAddress(rng);
		return {
			name: VENDORS[index],
			isTruckReplenishment: index % 3 === 0,
			isMobileCreationRestricted: false,
			memo: null,
			deliveryOption: 'Pickup',
			defaultTaxRate: 8.25,
			contactInfo: { firstName: rng.pick(FIRST_NAMES), lastName: rng.pick(LAST_NAMES), phone: phone(rng, areaCode), email: null, fax: null },
			address,
			paymentTermId: null,
			externalData: null,
		};
	});
	// A booking provider is a booking provider tag (listed at booking-provider-tags, with its tagName).
	s.fill('crm:booking-providers', s.count('crm:booking-providers'), (index) => {
		const name = ['Website Scheduler', 'Google Reserve'][index % 2] ?? `Provider ${index + 1}`;
		return { name, tagName: name, description: `Bookings from ${name}` };
	});

	seedCustomers(s);
	seedWork(s);
	seedSchedules(s);
	seedMoney(s);
	seedReporting(store);
}

function seedCustomers(s: Seeder): void {
	const customerAreaCodes: string[] = [];
	const customerAddresses: Address[] = [];
	s.fill('crm:customers', s.count('crm:customers'), (index, rng) => {
		const commercial = rng.chance(0.12);
		const { address, areaCode } = makeAddress(rng);
		customerAreaCodes[index] = areaCode;
		customerAddresses[index] = address;
		const tags = rng.chance(0.2) ? [s.pickId(rng, 'settings:tag-types')] : EMPTY;
		return {
			active: rng.chance(0.96),
			name: commercial ? `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_KINDS)}` : `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
			type: commercial ? 'Commercial' : 'Residential',
			address,
			customFields: EMPTY,
			balance: rng.chance(0.15) ? rng.money(50, 900) : 0,
			taxExempt: false,
			tagTypeIds: tags,
			doNotMail: rng.chance(0.05),
			doNotService: rng.chance(0.01),
			nationalAccount: false,
			createdById: 0,
			mergedToId: null,
			paymentTermId: null,
			creditLimit: null,
			creditLimitBalance: null,
			externalData: null,
		};
	});
	const customers = s.ids.get('crm:customers') ?? [];
	if (customers.length === 0) return;
	// The first location of customer i is at their billing address; extra locations are rentals or second homes.
	s.fill('crm:locations', s.count('crm:locations'), (index, rng) => {
		const own = index < customers.length;
		const customerIndex = own ? index : rng.int(0, customers.length - 1);
		const address = own ? customerAddresses[customerIndex] : makeAddress(rng).address;
		return {
			customerId: customers[customerIndex],
			name: own ? 'Primary Residence' : `${address.street.split(' ').slice(1).join(' ')} Rental`,
			address,
			customFields: EMPTY,
			mergedToId: null,
			zoneId: null,
			taxExempt: false,
			tagTypeIds: EMPTY,
			externalData: null,
			taxZoneId: s.ids.get('accounting:tax-zones')?.[index % 3] ?? null,
		};
	});
	s.fill('crm:customers/contacts', s.count('crm:customers/contacts'), (index, rng) => {
		const customerIndex = index < customers.length ? index : rng.int(0, customers.length - 1);
		const email = rng.chance(0.35);
		return {
			customerId: customers[customerIndex],
			type: email ? 'Email' : rng.pick(['MobilePhone', 'Phone']),
			value: email ? `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}${rng.int(1, 99)}@example.com`.toLowerCase() : phone(rng, customerAreaCodes[customerIndex]),
			memo: rng.chance(0.2) ? rng.pick(['Spouse', 'Work', 'Tenant', 'Property manager']) : null,
			phoneSettings: null,
		};
	});
	s.fill('crm:contacts', s.count('crm:contacts'), (_i, rng) => {
		const firstName = rng.pick(FIRST_NAMES);
		const lastName = rng.pick(LAST_NAMES);
		return {
			name: `${firstName} ${lastName}`,
			title: rng.pick(['Homeowner', 'Property Manager', 'Facilities Director', 'Tenant']),
			referenceId: null,
			isArchived: false,
		};
	});
	s.fill('crm:customers/notes', s.count('crm:customers/notes'), (_i, rng) => ({
		customerId: s.pickId(rng, 'crm:customers'),
		text: rng.pick(NOTES),
		isPinned: rng.chance(0.2),
		createdById: 0,
	}));
}

function seedWork(s: Seeder): void {
	const customers = s.ids.get('crm:customers') ?? [];
	const locations = s.ids.get('crm:locations') ?? [];
	if (customers.length === 0 || locations.length === 0) return;
	const jobTypes = s.ids.get('jpm:job-types') ?? [];

	s.fill('crm:leads', s.count('crm:leads'), (_i, rng) => {
		const status = rng.pick(['Open', 'Open', 'Converted', 'Dismissed']);
		return {
			status,
			priority: rng.pick(['Low', 'Normal', 'High', 'Urgent']),
			customerId: s.pickId(rng, 'crm:customers'),
			locationId: null,
			businessUnitId: s.pickId(rng, 'settings:business-units'),
			jobTypeId: jobTypes.length ? rng.pick(jobTypes) : null,
			campaignId: s.pickId(rng, 'marketing:campaigns'),
			followUpDate: null,
			createdById: 0,
			tagTypeIds: EMPTY,
			dismissingReasonId: status === 'Dismissed' ? 1 : null,
			summary: rng.pick(SUMMARIES),
			callReasonId: null,
			callId: null,
			bookingId: null,
		};
	});
	s.fill('crm:bookings', s.count('crm:bookings'), (_i, rng) => {
		const { address } = makeAddress(rng);
		return {
			source: rng.pick(['Website', 'Google Reserve']),
			name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
			address,
			customerType: 'Residential',
			start: null,
			campaignId: s.pickId(rng, 'marketing:campaigns'),
			businessUnitId: s.pickId(rng, 'settings:business-units'),
			isFirstTimeClient: rng.chance(0.6),
			uploadedImages: EMPTY,
			isSendConfirmationEmail: true,
			status: rng.pick(['Pending', 'Pending', 'Converted', 'Dismissed']),
			dismissingReasonId: null,
			jobId: null,
			externalId: `WEB-${rng.int(100000, 999999)}`,
			priority: 'Normal',
			jobTypeId: jobTypes.length ? rng.pick(jobTypes) : null,
			bookingProviderId: s.pickId(rng, 'crm:booking-providers'),
			summary: rng.pick(SUMMARIES),
		};
	});

	const jobAppointments = new Map<RecordId, RecordId[]>();
	s.fill('jpm:jobs', s.count('jpm:jobs'), (index, rng, created) => {
		const locationIndex = rng.int(0, locations.length - 1);
		const location = s.record('crm:locations', locations[locationIndex]);
		const jobTypeId = jobTypes.length ? rng.pick(jobTypes) : null;
		const jobType = jobTypeId === null ? undefined : s.record('jpm:job-types', jobTypeId);
		const businessUnitIds = (jobType?.businessUnitIds as RecordId[] | undefined) ?? [];
		// The newest tenth is the open workload (upcoming and in progress); older jobs are done or canceled.
		const open = index >= Math.floor(s.count('jpm:jobs') * 0.9);
		const status = open
			? rng.pick(['Scheduled', 'Scheduled', 'Scheduled', 'Dispatched', 'InProgress', 'Hold'])
			: rng.pick(['Completed', 'Completed', 'Completed', 'Completed', 'Canceled']);
		return {
			jobNumber: String(30000 + index),
			projectId: null,
			customerId: location.customerId,
			locationId: location.id,
			jobStatus: status,
			completedOn: status === 'Completed' ? isoTime(created + rng.int(1, 10) * 86400000) : null,
			businessUnitId: businessUnitIds.length ? rng.pick(businessUnitIds) : s.pickId(rng, 'settings:business-units'),
			jobTypeId,
			priority: rng.pick(['Normal', 'Normal', 'High', 'Urgent']),
			campaignId: s.pickId(rng, 'marketing:campaigns'),
			appointmentCount: 0,
			firstAppointmentId: null,
			lastAppointmentId: null,
			recallForId: null,
			warrantyId: null,
			noCharge: false,
			notificationsEnabled: true,
			createdById: 0,
			tagTypeIds: EMPTY,
			leadCallId: null,
			bookingId: null,
			soldById: null,
			customerPo: null,
			invoiceId: null,
			membershipId: null,
			total: status === 'Completed' ? rng.money(89, 4500) : 0,
			createdFromEstimateId: null,
			estimateIds: EMPTY,
			summary: rng.pick(SUMMARIES),
			customFields: EMPTY,
			externalData: null,
		};
	});
	const jobs = s.ids.get('jpm:jobs') ?? [];
	if (jobs.length === 0) return;
	s.fill('jpm:appointments', s.count('jpm:appointments'), (index, rng, created, id) => {
		const jobId = index < jobs.length ? jobs[index] : rng.pick(jobs);
		const job = s.record('jpm:jobs', jobId);
		const list = jobAppointments.get(jobId) ?? [];
		jobAppointments.set(jobId, list);
		const openJob = job.jobStatus !== 'Completed' && job.jobStatus !== 'Canceled';
		// Open jobs are booked around "today" (the epoch) during business hours (13:00-22:00 UTC is 8am-5pm in Texas).
		const start = openJob ? Math.floor(seedEpoch / 86400000 + rng.int(-1, 10)) * 86400000 + rng.int(13, 20) * 3600000 : created + rng.int(1, 7) * 86400000;
		const duration = rng.pick([1, 2, 2, 3, 4]) * 3600000;
		const status = job.jobStatus === 'Completed' ? 'Done' : job.jobStatus === 'Canceled' ? 'Canceled' : job.jobStatus === 'Hold' ? 'Hold' : 'Scheduled';
		list.push(id);
		return {
			jobId,
			appointmentNumber: `${String(job.jobNumber)}-${list.length}`,
			start: isoTime(start),
			end: isoTime(start + duration),
			arrivalWindowStart: isoTime(start),
			arrivalWindowEnd: isoTime(start + 4 * 3600000),
			status,
			specialInstructions: null,
			customerId: job.customerId,
			unused: false,
			createdById: 0,
			isConfirmed: rng.chance(0.7),
		};
	});
	// Link jobs to their appointments without re-logging them: seeded state, not a change.
	const jobsCollection = s.recordsOf('jpm:jobs');
	for (const [jobId, appointmentIds] of jobAppointments) {
		const job = jobsCollection.get(jobId);
		if (!job) continue;
		jobsCollection.set(jobId, {
			...job,
			appointmentCount: appointmentIds.length,
			firstAppointmentId: appointmentIds[0],
			lastAppointmentId: appointmentIds[appointmentIds.length - 1],
		});
	}
	const appointments = s.ids.get('jpm:appointments') ?? [];
	const technicians = s.ids.get('settings:technicians') ?? [];
	if (technicians.length && appointments.length) {
		s.fill('dispatch:appointment-assignments', s.count('dispatch:appointment-assignments'), (index, rng, created) => {
			const appointmentId = index < appointments.length ? appointments[index] : rng.pick(appointments);
			const appointment = s.record('jpm:appointments', appointmentId);
			const technicianId = rng.pick(technicians);
			return {
				technicianId,
				technicianName: s.record('settings:technicians', technicianId).name,
				assignedById: 0,
				assignedOn: isoTime(created),
				status: appointment.status === 'Done' ? 'Done' : 'Pending',
				isPaused: false,
				jobId: appointment.jobId,
				appointmentId,
			};
		});
		s.fill('payroll:jobs/timesheets', s.count('payroll:jobs/timesheets'), (index, rng) => {
			const appointmentId = index < appointments.length ? appointments[index] : rng.pick(appointments);
			const appointment = s.record('jpm:appointments', appointmentId);
			const dispatched = Date.parse(String(appointment.start));
			const arrived = dispatched + rng.int(15, 50) * 60000;
			return {
				jobId: appointment.jobId,
				appointmentId,
				technicianId: rng.pick(technicians),
				dispatchedOn: isoTime(dispatched),
				arrivedOn: isoTime(arrived),
				canceledOn: null,
				doneOn: isoTime(arrived + rng.int(45, 240) * 60000),
			};
		});
	}
	s.fill('jpm:projects', s.count('jpm:projects'), (index, rng) => {
		const location = s.record('crm:locations', rng.pick(locations));
		return {
			number: String(500 + index),
			name: rng.pick(['Whole-Home Repipe', 'New Construction - Lot 14', 'Kitchen Remodel Plumbing', 'Commercial RTU Replacement', 'Solar-Ready Panel Upgrade']),
			summary: 'Multi-visit project',
			status: rng.pick(['Open', 'In Progress', 'Completed']),
			statusId: rng.int(1, 3),
			subStatus: null,
			subStatusId: null,
			customerId: location.customerId,
			locationId: location.id,
			projectTypeId: null,
			projectManagerIds: EMPTY,
			businessUnitIds: [s.pickId(rng, 'settings:business-units')],
			startDate: null,
			targetCompletionDate: null,
			actualCompletionDate: null,
			customFields: EMPTY,
			externalData: null,
			jobIds: EMPTY,
		};
	});
	const employees = s.ids.get('settings:employees') ?? [];
	if (employees.length) {
		s.fill('taskManagement:tasks', s.count('taskManagement:tasks'), (index, rng) => ({
			reportedById: rng.pick(employees),
			assignedToId: rng.pick(employees),
			isClosed: rng.chance(0.4),
			name: rng.pick(['Call back about estimate', 'Order replacement coil', 'Follow up on unpaid invoice', 'Schedule warranty visit', 'Review negative review']),
			businessUnitId: s.pickId(rng, 'settings:business-units'),
			employeeTaskTypeId: 1,
			employeeTaskSourceId: 1,
			reportedDate: null,
			priority: rng.pick(['Low', 'Normal', 'High']),
			customerId: s.pickId(rng, 'crm:customers'),
			jobId: rng.pick(jobs),
			description: null,
			number: 1000 + index,
		}));
	}
	s.fill('equipmentSystems:installed-equipment', s.count('equipmentSystems:installed-equipment'), (_i, rng) => {
		const [, name, manufacturer] = rng.pick(EQUIPMENT);
		const location = s.record('crm:locations', rng.pick(locations));
		return {
			equipmentId: null,
			locationId: location.id,
			customerId: location.customerId,
			name,
			type: null,
			installedOn: null,
			manufacturer,
			model: `${manufacturer.slice(0, 3).toUpperCase()}${rng.int(1000, 9999)}`,
			serialNumber: `SN${rng.int(10000000, 99999999)}`,
			memo: null,
			manufacturerWarrantyStart: null,
			manufacturerWarrantyEnd: null,
			serviceProviderWarrantyStart: null,
			serviceProviderWarrantyEnd: null,
			customFields: EMPTY,
		};
	});
	const membershipTypes = s.ids.get('memberships:membership-types') ?? [];
	if (membershipTypes.length) {
		s.fill('memberships:memberships', s.count('memberships:memberships'), (_i, rng, created) => {
			const location = s.record('crm:locations', rng.pick(locations));
			return {
				followUpOn: null,
				cancellationDate: null,
				from: isoTime(created),
				nextScheduledBillDate: null,
				to: isoTime(created + 365 * 86400000),
				billingFrequency: rng.pick(['Monthly', 'Annual']),
				renewalBillingFrequency: null,
				status: rng.pick(['Active', 'Active', 'Active', 'Expired', 'Canceled']),
				followUpStatus: 'NotAttempted',
				memo: null,
				initialDeferredRevenue: 0,
				duration: 12,
				renewalDuration: 12,
				businessUnitId: s.pickId(rng, 'settings:business-units'),
				customerId: location.customerId,
				membershipTypeId: rng.pick(membershipTypes),
				activatedById: 0,
				activatedFromId: null,
				billingTemplateId: null,
				cancellationBalanceInvoiceId: null,
				cancellationInvoiceId: null,
				followUpCustomStatusId: null,
				locationId: location.id,
				paymentMethodId: null,
				paymentTypeId: null,
				recurringLocationId: location.id,
				renewalMembershipTaskId: null,
				renewedById: null,
				soldById: null,
				customerPo: null,
				importId: null,
				customFields: EMPTY,
			};
		});
	}
	s.fill('telecom:calls', s.count('telecom:calls'), (_i, rng, created) => ({
		leadCall: {
			id: rng.int(1e8, 9e8),
			receivedOn: isoTime(created),
			duration: `00:0${rng.int(1, 9)}:${String(rng.int(0, 59)).padStart(2, '0')}`,
			from: phone(rng, '512'),
			to: '5125550100',
			direction: rng.pick(['Inbound', 'Outbound']),
			callType: rng.pick(['Booked', 'Unbooked', 'Excused', 'NotLead']),
			customer: { id: s.pickId(rng, 'crm:customers') },
			campaign: { id: s.pickId(rng, 'marketing:campaigns') },
			recordingUrl: null,
			voiceMailUrl: null,
		},
		jobNumber: null,
		projectId: null,
		type: { id: 1, name: 'Service' },
	}));
}

/**
 * Technicians' schedules over the days open jobs are booked on (the epoch's day -1 to +10): each technician a Normal
 * shift 13:00-22:00 UTC (8am-5pm in Texas) a day in turn, now and then a day of time off instead; non-job
 * appointments (meetings, training) of an hour or two inside those shifts.
 */
function seedSchedules(s: Seeder): void {
	const technicians = s.ids.get('settings:technicians') ?? [];
	if (technicians.length === 0) return;
	const firstDay = Math.floor(seedEpoch / 86400000) - 1;
	const dayOf = (index: number) => (firstDay + (Math.floor(index / technicians.length) % 12)) * 86400000;
	s.fill('dispatch:technician-shifts', s.count('dispatch:technician-shifts'), (index, rng) => {
		const day = dayOf(index);
		const timeOff = rng.chance(0.08);
		return {
			shiftType: timeOff ? 'TimeOff' : 'Normal',
			title: timeOff ? 'Time off' : 'Day shift',
			note: null,
			technicianId: technicians[index % technicians.length],
			start: isoTime(day + 13 * 3600000),
			end: isoTime(day + 22 * 3600000),
			timesheetCodeId: null,
		};
	});
	s.fill('dispatch:non-job-appointments', s.count('dispatch:non-job-appointments'), (index, rng) => {
		const hours = rng.pick([1, 2]);
		return {
			technicianId: rng.pick(technicians),
			start: isoTime(dayOf(rng.int(0, 12 * technicians.length - 1)) + rng.int(13, 20) * 3600000),
			name: rng.pick(['Team meeting', 'Training', 'Truck stock']),
			duration: `0${hours}:00:00`,
			timesheetCodeId: 1,
			summary: '',
			clearDispatchBoard: false,
			clearTechnicianView: false,
			removeTechnicianFromCapacityPlanning: false,
			allDay: false,
			showOnTechnicianSchedule: true,
			createdById: 0,
		};
	});
}

function seedMoney(s: Seeder): void {
	const jobs = s.ids.get('jpm:jobs') ?? [];
	if (jobs.length === 0) return;
	const services = s.ids.get('pricebook:services') ?? [];
	const materials = s.ids.get('pricebook:materials') ?? [];
	const reference = (key: string, id: RecordId, name = 'name'): { id: RecordId; name: unknown } => ({ id, name: s.record(key, id)[name] });

	s.fill('sales:estimates', s.count('sales:estimates'), (index, rng) => {
		const job = s.record('jpm:jobs', rng.pick(jobs));
		const items = estimateItems(s, rng, services);
		const subtotal = Math.round(items.reduce((sum, item) => sum + Number(item.total), 0) * 100) / 100;
		const status = rng.pick(['Open', 'Open', 'Sold', 'Dismissed']);
		return {
			jobId: job.id,
			projectId: null,
			locationId: job.locationId,
			customerId: job.customerId,
			name: rng.pick(['Good', 'Better', 'Best', 'Repair Option', 'Replacement Option']),
			jobNumber: job.jobNumber,
			status: { value: ['Open', 'Sold', 'Dismissed'].indexOf(status), name: status },
			reviewStatus: 'None',
			summary: rng.pick(SUMMARIES),
			soldOn: status === 'Sold' ? job.createdOn : null,
			soldBy: status === 'Sold' ? s.pickId(rng, 'settings:technicians') : null,
			items,
			externalLinks: EMPTY,
			subtotal,
			tax: Math.round(subtotal * 0.0825 * 100) / 100,
			businessUnitId: job.businessUnitId,
			businessUnitName: s.record('settings:business-units', job.businessUnitId as RecordId)?.name ?? null,
			isRecommended: index % 3 === 0,
			budgetCodeId: null,
			isChangeOrder: false,
			proposalTagName: null,
		};
	});
	s.fill('accounting:invoices', s.count('accounting:invoices'), (index, rng, created) => {
		const job = s.record('jpm:jobs', index < jobs.length ? jobs[index] : rng.pick(jobs));
		const customer = s.record('crm:customers', job.customerId as RecordId);
		const location = s.record('crm:locations', job.locationId as RecordId);
		const items = invoiceItems(s, rng, services, materials);
		const subTotal = Math.round(items.reduce((sum, item) => sum + Number(item.total), 0) * 100) / 100;
		const salesTax = Math.round(subTotal * 0.0825 * 100) / 100;
		const total = Math.round((subTotal + salesTax) * 100) / 100;
		const paid = rng.chance(0.8);
		return {
			syncStatus: rng.pick(['Exported', 'Pending', 'Posted']),
			referenceNumber: String(70000 + index),
			invoiceDate: isoTime(created),
			dueDate: isoTime(created + 30 * 86400000),
			subTotal: String(subTotal),
			salesTax: String(salesTax),
			salesTaxCode: null,
			taxZoneId: location?.taxZoneId ?? null,
			total: String(total),
			balance: paid ? '0.00' : String(total),
			invoiceType: null,
			customer: { id: customer?.id, name: customer?.name },
			customerAddress: customer?.address,
			location: { id: location?.id, name: location?.name },
			locationAddress: location?.address,
			businessUnit: reference('settings:business-units', job.businessUnitId as RecordId),
			termName: 'Due Upon Receipt',
			createdBy: 'system',
			batch: null,
			depositedOn: null,
			adjustmentToId: null,
			job: { id: job.id, number: job.jobNumber, type: job.jobTypeId ? s.record('jpm:job-types', job.jobTypeId as RecordId)?.name : null },
			projectId: null,
			royalty: null,
			employeeInfo: null,
			commissionEligibilityDate: null,
			sentStatus: rng.pick(['NotSent', 'Sent']),
			reviewStatus: 'NeedsReview',
			assignedTo: null,
			summary: job.summary,
			items,
			customFields: EMPTY,
			discountTotal: '0.00',
			importId: null,
			exportId: null,
			membershipId: null,
			paidOn: paid ? isoTime(created + 86400000) : null,
			customerId: job.customerId,
			jobId: job.id,
			invoiceConfiguration: 'Default',
		};
	});
	const invoices = s.ids.get('accounting:invoices') ?? [];
	const paymentTypes = s.ids.get('accounting:payment-types') ?? [];
	if (invoices.length && paymentTypes.length) {
		s.fill('accounting:payments', s.count('accounting:payments'), (index, rng, created) => {
			const invoice = s.record('accounting:invoices', index < invoices.length ? invoices[index] : rng.pick(invoices));
			const typeId = rng.pick(paymentTypes);
			return {
				appliedTo: [
					{
						appliedId: rng.int(1e6, 9e6),
						appliedTo: invoice.id,
						appliedAmount: invoice.total,
						appliedOn: isoTime(created),
						appliedBy: 'system',
						appliedToReferenceNumber: invoice.referenceNumber,
					},
				],
				authCode: null,
				batch: null,
				businessUnit: invoice.businessUnit,
				checkNumber: null,
				createdBy: 'system',
				customer: invoice.customer,
				customFields: EMPTY,
				date: isoTime(created),
				deposit: null,
				generalLedgerAccount: { id: 1, name: 'Undeposited Funds', number: '1200', type: 'Asset', detailType: 'Cash' },
				memo: null,
				referenceNumber: `PMT-${10000 + index}`,
				refundedPaymentId: null,
				syncStatus: 'Pending',
				total: invoice.total,
				type: s.record('accounting:payment-types', typeId).name,
				typeId,
				unappliedAmount: '0.00',
				customerId: (invoice.customer as { id: RecordId }).id,
			};
		});
	}
	const vendors = s.ids.get('inventory:vendors') ?? [];
	if (vendors.length) {
		const billItems = (rng: Random): Array<Record<string, unknown>> =>
			Array.from({ length: rng.int(1, 4) }, (_, line) => {
				const [code, name, cost] = rng.pick(MATERIALS);
				const quantity = rng.int(1, 20);
				return {
					order: line + 1,
					name,
					description: name,
					quantity: String(quantity),
					cost: String(cost),
					inventoryLocation: 'Main Warehouse',
					serialNumber: null,
					generalLedgerAccount: null,
					costOfSaleAccount: null,
					assetAccount: null,
					skuId: null,
					skuCode: code,
				};
			});
		s.fill('accounting:inventory-bills', s.count('accounting:inventory-bills'), (index, rng, created) => {
			const items = billItems(rng);
			const vendorId = rng.pick(vendors);
			return {
				purchaseOrderId: null,
				syncStatus: 'Pending',
				referenceNumber: `BILL-${5000 + index}`,
				vendorNumber: `INV${rng.int(100000, 999999)}`,
				summary: null,
				billDate: isoTime(created),
				billAmount: String(items.reduce((sum, item) => sum + Number(item.cost) * Number(item.quantity), 0).toFixed(2)),
				taxAmount: '0.00',
				shippingAmount: '0.00',
				createdBy: 'system',
				createdOn: isoTime(created),
				termName: 'Net 30',
				dueDate: isoTime(created + 30 * 86400000),
				shipToDescription: 'Main Warehouse',
				batch: null,
				businessUnit: reference('settings:business-units', s.pickId(rng, 'settings:business-units')),
				vendor: reference('inventory:vendors', vendorId),
				items,
				customFields: EMPTY,
				jobId: null,
			};
		});
		s.fill('accounting:ap-bills', s.count('accounting:ap-bills'), (index, rng, created) => {
			const items = billItems(rng);
			const vendorId = rng.pick(vendors);
			return {
				referenceNumber: `AP-${8000 + index}`,
				vendorNumber: `INV${rng.int(100000, 999999)}`,
				vendor: reference('inventory:vendors', vendorId),
				billDate: isoTime(created),
				dueDate: isoTime(created + 30 * 86400000),
				billAmount: String(items.reduce((sum, item) => sum + Number(item.cost) * Number(item.quantity), 0).toFixed(2)),
				status: rng.pick(['Open', 'Paid']),
				summary: null,
				items,
				exportId: null,
				syncStatus: 'Pending',
			};
		});
		s.fill('inventory:purchase-orders', s.count('inventory:purchase-orders'), (index, rng, created) => {
			const items = billItems(rng).map((item, line) => ({
				id: line + 1,
				skuId: null,
				skuCode: item.skuCode,
				description: item.description,
				quantity: item.quantity,
				quantityReceived: '0',
				cost: item.cost,
				total: String((Number(item.cost) * Number(item.quantity)).toFixed(2)),
				status: 'Pending',
			}));
			const total = items.reduce((sum, item) => sum + Number(item.total), 0);
			const vendorId = rng.pick(vendors);
			return {
				number: `PO-${2000 + index}`,
				invoiceId: null,
				jobId: rng.chance(0.5) ? s.pickId(rng, 'jpm:jobs') : null,
				projectId: null,
				status: rng.pick(['Pending', 'Sent', 'Received', 'PartiallyReceived', 'Canceled']),
				typeId: 1,
				vendorId,
				technicianId: null,
				shipTo: { description: 'Main Warehouse', address: makeAddress(rng).address },
				businessUnitId: s.pickId(rng, 'settings:business-units'),
				inventoryLocationId: 1,
				batchId: null,
				vendorDocumentNumber: null,
				date: isoTime(created),
				requiredOn: isoTime(created + 5 * 86400000),
				sentOn: null,
				receivedOn: null,
				total: String(total.toFixed(2)),
				tax: '0.00',
				shipping: '0.00',
				summary: null,
				items,
				customFields: EMPTY,
				impactsTechnicianPayroll: false,
			};
		});
		const orders = s.ids.get('inventory:purchase-orders') ?? [];
		if (orders.length) {
			s.fill('inventory:receipts', s.count('inventory:receipts'), (index, rng, created) => {
				const order = s.record('inventory:purchase-orders', rng.pick(orders));
				return {
					number: `RCV-${900 + index}`,
					vendorInvoiceNumber: null,
					createdById: 0,
					memo: null,
					status: 'Received',
					purchaseOrderId: order.id,
					vendorId: order.vendorId,
					businessUnitId: order.businessUnitId,
					inventoryLocationId: 1,
					jobId: order.jobId,
					receivedOn: isoTime(created),
					dateReceived: isoTime(created),
					tax: '0.00',
					shipping: '0.00',
					receiptAmount: order.total,
					items: order.items,
					customFields: EMPTY,
					syncStatus: 'Pending',
				};
			});
		}
	}
}

function estimateItems(s: Seeder, rng: Random, services: RecordId[]): Array<Record<string, unknown>> {
	if (services.length === 0) return [];
	return Array.from({ length: rng.int(1, 4) }, (_, line) => {
		const service = s.record('pricebook:services', rng.pick(services));
		const qty = rng.int(1, 2);
		return {
			id: line + 1,
			sku: {
				id: service.id,
				name: service.code,
				displayName: service.displayName,
				type: 'Service',
				soldHours: service.hours,
				generalLedgerAccountId: null,
				generalLedgerAccountName: null,
			},
			description: service.description,
			membershipTypeId: null,
			qty,
			unitRate: service.price,
			total: Number(service.price) * qty,
			unitCost: 0,
			totalCost: 0,
			itemGroupName: null,
			itemGroupRootId: null,
			chargeable: true,
			invoiceItemId: null,
			budgetCodeId: null,
		};
	});
}

function invoiceItems(s: Seeder, rng: Random, services: RecordId[], materials: RecordId[]): Array<Record<string, unknown>> {
	const pool: Array<[string, RecordId]> = [
		...services.slice(0, 40).map((id): [string, RecordId] => ['pricebook:services', id]),
		...materials.slice(0, 40).map((id): [string, RecordId] => ['pricebook:materials', id]),
	];
	if (pool.length === 0) return [];
	return Array.from({ length: rng.int(1, 4) }, (_, line) => {
		const [key, skuId] = rng.pick(pool);
		const sku = s.record(key, skuId);
		const quantity = rng.int(1, 3);
		const price = Number(sku.price);
		return {
			id: rng.int(1e8, 9e8),
			description: sku.description,
			quantity: String(quantity),
			cost: String(sku.cost ?? 0),
			totalCost: String(Number(sku.cost ?? 0) * quantity),
			inventoryLocation: null,
			price: String(price),
			type: key === 'pricebook:services' ? 'Service' : 'Material',
			skuName: sku.code,
			skuId,
			total: String((price * quantity).toFixed(2)),
			inventory: key !== 'pricebook:services',
			taxable: key !== 'pricebook:services',
			generalLedgerAccount: null,
			costOfSaleAccount: null,
			assetAccount: null,
			membershipTypeId: 0,
			itemGroup: null,
			displayName: sku.displayName,
			soldHours: key === 'pricebook:services' ? sku.hours : 0,
			modifiedOn: sku.modifiedOn,
			serviceDate: null,
			order: line + 1,
			businessUnit: null,
		};
	});
}

export interface ReportDefinition {
	id: number;
	categoryId: string;
	name: string;
	description: string;
	parameters: Array<Record<string, unknown>>;
	fields: Array<{ name: string; label: string; dataType: string }>;
}

const DATE_PARAMETERS = [
	{ name: 'From', label: 'From', dataType: 'Date', isArray: false, isRequired: true, acceptValues: null },
	{ name: 'To', label: 'To', dataType: 'Date', isArray: false, isRequired: true, acceptValues: null },
];
const BUSINESS_UNIT_PARAMETER = {
	name: 'BusinessUnitIds',
	label: 'Business Units',
	dataType: 'Number',
	isArray: true,
	isRequired: false,
	acceptValues: {
		fields: [
			{ name: 'Value', label: 'Value', dataType: 'Number' },
			{ name: 'Name', label: 'Name', dataType: 'String' },
		],
		dynamicSetId: 'business-units',
		values: null,
	},
};

/** `acceptValues` of a parameter whose values come from a dynamic value set (key column, then display column). */
const dynamicSet = (dynamicSetId: string) => ({
	fields: [
		{ name: 'Value', label: 'Value' },
		{ name: 'Name', label: 'Name' },
	],
	dynamicSetId,
	values: null,
});
/** `acceptValues` of a parameter with a fixed list of allowed values: rows of [key, display name]. */
const fixedValues = (values: Array<[string | number, string]>) => ({
	fields: [
		{ name: 'Value', label: 'Value' },
		{ name: 'Name', label: 'Name' },
	],
	dynamicSetId: null,
	values,
});

export const REPORT_CATEGORIES = [
	{ id: 'operations', name: 'Operations' },
	{ id: 'accounting', name: 'Accounting' },
	{ id: 'marketing', name: 'Marketing' },
	{ id: 'technician', name: 'Technician' },
];

export const REPORTS: ReportDefinition[] = [
	{
		id: 61234567,
		categoryId: 'operations',
		name: 'Jobs by Business Unit',
		description: 'Completed and canceled jobs and revenue per business unit.',
		parameters: [...DATE_PARAMETERS, BUSINESS_UNIT_PARAMETER],
		fields: [
			{ name: 'BusinessUnit', label: 'Business Unit', dataType: 'String' },
			{ name: 'CompletedJobs', label: 'Completed Jobs', dataType: 'Number' },
			{ name: 'CanceledJobs', label: 'Canceled Jobs', dataType: 'Number' },
			{ name: 'Revenue', label: 'Revenue', dataType: 'Number' },
		],
	},
	{
		id: 61234568,
		categoryId: 'accounting',
		name: 'Invoice Summary',
		description: 'One row per invoice dated in the range.',
		parameters: [...DATE_PARAMETERS],
		fields: [
			{ name: 'InvoiceNumber', label: 'Invoice #', dataType: 'String' },
			{ name: 'InvoiceDate', label: 'Invoice Date', dataType: 'Date' },
			{ name: 'Customer', label: 'Customer', dataType: 'String' },
			{ name: 'BusinessUnit', label: 'Business Unit', dataType: 'String' },
			{ name: 'Total', label: 'Total', dataType: 'Number' },
			{ name: 'Balance', label: 'Balance', dataType: 'Number' },
		],
	},
	{
		id: 61234569,
		categoryId: 'technician',
		name: 'Technician Performance',
		description: 'Completed jobs and revenue per technician.',
		parameters: [
			...DATE_PARAMETERS,
			{ name: 'IncludeInactive', label: 'Include Inactive Technicians', dataType: 'Boolean', isArray: false, isRequired: false, acceptValues: null },
		],
		fields: [
			{ name: 'Technician', label: 'Technician', dataType: 'String' },
			{ name: 'CompletedJobs', label: 'Completed Jobs', dataType: 'Number' },
			{ name: 'Revenue', label: 'Revenue', dataType: 'Number' },
			{ name: 'AverageTicket', label: 'Average Ticket', dataType: 'Number' },
		],
	},
	{
		id: 61234570,
		categoryId: 'marketing',
		name: 'Campaign Performance',
		description: 'Leads, booked jobs and revenue per campaign.',
		parameters: [...DATE_PARAMETERS],
		fields: [
			{ name: 'Campaign', label: 'Campaign', dataType: 'String' },
			{ name: 'Leads', label: 'Leads', dataType: 'Number' },
			{ name: 'BookedJobs', label: 'Booked Jobs', dataType: 'Number' },
			{ name: 'Revenue', label: 'Revenue', dataType: 'Number' },
		],
	},
	{
		// Fixed allowed values (one to pick, several to pick) next to a dynamic set, a number and free text.
		id: 61234571,
		categoryId: 'operations',
		name: 'Jobs by Status',
		description: 'Jobs and their total per status, by the date chosen.',
		parameters: [
			{
				name: 'DateType',
				label: 'Date Type',
				dataType: 'Number',
				isArray: false,
				isRequired: true,
				acceptValues: fixedValues([
					[1, 'Job Created Date'],
					[2, 'Job Completed Date'],
				]),
			},
			...DATE_PARAMETERS,
			{
				name: 'JobStatuses',
				label: 'Job Statuses',
				dataType: 'String',
				isArray: true,
				isRequired: false,
				acceptValues: fixedValues([
					['Scheduled', 'Scheduled'],
					['Dispatched', 'Dispatched'],
					['InProgress', 'In Progress'],
					['Hold', 'On Hold'],
					['Completed', 'Completed'],
					['Canceled', 'Canceled'],
				]),
			},
			{ name: 'JobTypeIds', label: 'Job Types', dataType: 'Number', isArray: true, isRequired: false, acceptValues: dynamicSet('job-types') },
			{ name: 'MinimumTotal', label: 'Minimum Total', dataType: 'Number', isArray: false, isRequired: false, acceptValues: null },
			{ name: 'SummaryContains', label: 'Summary Contains', dataType: 'String', isArray: false, isRequired: false, acceptValues: null },
		],
		fields: [
			{ name: 'Status', label: 'Status', dataType: 'String' },
			{ name: 'Jobs', label: 'Jobs', dataType: 'Number' },
			{ name: 'Total', label: 'Total', dataType: 'Number' },
		],
	},
	{
		// A single day, a time of day and technicians from a dynamic set.
		id: 61234572,
		categoryId: 'technician',
		name: 'Technician Day Sheet',
		description: 'Appointments of one day per technician, from a time of day on.',
		parameters: [
			{ name: 'Day', label: 'Day', dataType: 'Date', isArray: false, isRequired: true, acceptValues: null },
			{ name: 'StartingAt', label: 'Starting At', dataType: 'Time', isArray: false, isRequired: false, acceptValues: null },
			{ name: 'TechnicianIds', label: 'Technicians', dataType: 'Number', isArray: true, isRequired: false, acceptValues: dynamicSet('technicians') },
		],
		fields: [
			{ name: 'Technician', label: 'Technician', dataType: 'String' },
			{ name: 'Appointment', label: 'Appointment #', dataType: 'String' },
			{ name: 'Start', label: 'Start', dataType: 'Time' },
			{ name: 'Status', label: 'Status', dataType: 'String' },
		],
	},
];

function seedReporting(store: SimulatorStore): void {
	const stamp = isoTime(HISTORY_END);
	store.load(
		'reporting:report-categories',
		REPORT_CATEGORIES.map((category) => ({ ...category, active: true, createdOn: stamp, modifiedOn: stamp })),
	);
	store.load(
		'reporting:reports',
		REPORTS.map((report) => ({ ...report, active: true, createdOn: stamp, modifiedOn: stamp })),
	);
}

/** Two generic records for catalog collections that have no specific seed, so get-by-id and lists have something to show. */
export function seedGeneric(store: SimulatorStore, key: string): void {
	const collection = store.collection(key);
	if (collection.records.size > 0 || collection.logIds.length > 0) return;
	const path = key.slice(key.indexOf(':') + 1);
	const label = path
		.split('/')
		.pop()!
		.replace(/-/g, ' ')
		.replace(/^./, (c) => c.toUpperCase());
	const stamp = isoTime(HISTORY_END - 86400000);
	const first = collection.nextId;
	store.load(
		key,
		[1, 2].map((n) => ({
			id: GUID_KEYED_COLLECTIONS.has(key) ? guidRecordId(first + n - 1) : first + n - 1,
			name: `${label} ${n}`,
			active: true,
			createdOn: stamp,
			modifiedOn: stamp,
		})),
	);
}
