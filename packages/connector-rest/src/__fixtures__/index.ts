// Test fixtures for other packages' tests (the gateway's end-to-end tests): not part of the published API.
export * from './order-desk-fake.js';
export const orderDeskDefinitionPath = new URL('../../examples/order-desk.yaml', import.meta.url).pathname;
export const freshdeskDefinitionPath = new URL('../../examples/freshdesk-tickets.yaml', import.meta.url)
  .pathname;
