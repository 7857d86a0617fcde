// Who this service is, in one place: its name in logs, metrics and event headers, and the Postgres
// schema it owns (its tables, inbox and outbox; its role has rights on nothing else).
export const ANALYTICS_SERVICE = 'analytics-service';
export const ANALYTICS_SCHEMA = 'analytics_service';
