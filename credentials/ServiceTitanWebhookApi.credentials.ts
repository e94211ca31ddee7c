import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The HMAC key ServiceTitan signs V2 webhook deliveries with. It belongs to the app (set in the
 * developer portal), not to a tenant, so it lives apart from the OAuth credential.
 */
export class ServiceTitanWebhookApi implements ICredentialType {
	name = 'serviceTitanWebhookApi';

	displayName = 'ServiceTitan Webhook Signing API';

	documentationUrl = 'https://github.com/n8n-nodes-servicetitan/n8n-nodes-servicetitan#servicetitan-webhook-trigger';

	icon: Icon = {
		light: 'file:../nodes/ServiceTitan/servicetitan.svg',
		dark: 'file:../nodes/ServiceTitan/servicetitan.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'HMAC Key',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The app's webhook HMAC key from the ServiceTitan developer portal (32–64 characters). Deliveries whose signature does not match are refused.",
		},
	];
}
