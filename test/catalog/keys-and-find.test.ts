/**
 * Which creates are keyable and what Find matches on are derived from ServiceTitan's documents (catalog/keys.ts,
 * catalog/find.ts), not listed by hand: this pins what the rule yields, so a catalog regeneration that changes it
 * is noticed (and the README's list kept true).
 */
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { findableOf } from '../../nodes/ServiceTitan/catalog/find';
import { keyedCreateOf } from '../../nodes/ServiceTitan/catalog/keys';

const keyed = CATALOG.flatMap(({ resource }) =>
	resource.operations.flatMap((op) => {
		const key = keyedCreateOf(resource, op);
		return key ? [`${resource.value}.${op.value}: ${key.kind} via ${key.list.path}${key.update ? `, update ${key.update.method} ${key.update.path}` : ''}`] : [];
	}),
).sort();

test('keyable creates: external data where the create takes it and Get Many filters by it; bookings by External ID', () => {
	expect(keyed).toEqual([
		'booking.create: externalId via bookings, update PATCH booking-provider/{booking_provider}/bookings/{id}',
		'customer.create: externalData via customers, update PATCH customers/{id}',
		'job.create: externalData via jobs, update PATCH jobs/{id}',
		'location.create: externalData via locations, update PATCH locations/{id}',
		'pricebookDiscountAndFee.create: externalData via discounts-and-fees, update PATCH discounts-and-fees/{id}',
		'pricebookEquipment.create: externalData via equipment, update PATCH equipment/{id}',
		'pricebookMaterial.create: externalData via materials, update PATCH materials/{id}',
		'pricebookService.create: externalData via services, update PATCH services/{id}',
		'project.create: externalData via projects, update PATCH projects/{id}',
		'truck.create: externalData via trucks, update PATCH trucks/{id}',
		'vendor.create: externalData via vendors, update PATCH vendors/{id}',
	]);
});

test("Find rules come from each Get Many's filters: customers by phone too, locations not (no phone filter), email nowhere", () => {
	const rules = Object.fromEntries(
		CATALOG.flatMap(({ resource }) => {
			const findable = findableOf(resource);
			return findable ? [[resource.value, findable.rules]] : [];
		}),
	);
	expect(rules).toEqual({
		customer: ['externalKey', 'phone', 'address', 'name'],
		location: ['externalKey', 'address', 'name'],
	});
});
