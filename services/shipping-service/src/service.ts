// Who this service is, in one place: its name in logs, metrics and event headers, and the Postgres
// schema it owns (its tables, inbox and outbox; its role has rights on nothing else).
export const SHIPPING_SERVICE = 'shipping-service';
export const SHIPPING_SCHEMA = 'shipping_service';
