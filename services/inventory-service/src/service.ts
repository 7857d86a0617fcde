// Who this service is, in one place: its name in logs, metrics and event headers, and the Postgres
// schema it owns (its tables, inbox and outbox; its role has rights on nothing else).
export const INVENTORY_SERVICE = 'inventory-service';
export const INVENTORY_SCHEMA = 'inventory_service';
