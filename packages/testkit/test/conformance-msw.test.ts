import { createFakeUpstream, describeConnector, HttpResponse, http } from '../src/index.js';
import { ACME_TOKEN, acmeDesk, acmeDeskService } from './acme-desk.js';

const origin = 'https://conformance.acmedesk.example';
const upstream = createFakeUpstream(
  origin,
  http.all(`${origin}/*`, ({ request }) => {
    const { status, body } = acmeDeskService(
      request.method,
      new URL(request.url),
      request.headers.get('authorization'),
    );
    return HttpResponse.json(body as Record<string, unknown>, { status });
  }),
);

describeConnector(acmeDesk, {
  auth: { subdomain: 'conformance', token: ACME_TOKEN },
  settings: { baseUrl: origin },
  upstream,
  contact: { externalId: '7', email: 'jane@example.com', phone: '(555) 555-0100' },
  staleExternalId: '999',
  hostileAuth: { subdomain: 'evil.example#', token: ACME_TOKEN },
  actions: {
    create_ticket: {
      meta: { contact_external_id: '7' },
      data: { subject: 'Call back', description: 'Asked for a call back' },
    },
  },
});
