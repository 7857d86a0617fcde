// Who this service is, in one place: its name in logs, metrics and event headers, and the Postgres
// schema it owns (its tables, inbox and outbox; its role has rights on nothing else).
export const ORDER_SERVICE = 'order-service';
export const ORDER_SCHEMA = 'order_service';
