import { isN8n1 } from './env';

/**
 * The e2e suite runs whole against n8n 2.40.7; against n8n 1.x (E2E_N8N_VERSION=1.…) it runs a compatibility
 * subset: the package loads, the credential test, one CRUD chain, Return All, the trigger's activation poll and
 * cursor, the HTTP Request node with the credential, the webhook trigger (all but the demo). Tests outside it are
 * declared with `onlyN8n2`.
 */
export const onlyN8n2: jest.It = isN8n1() ? test.skip : test;
