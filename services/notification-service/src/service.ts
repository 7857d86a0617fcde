// Who this service is, in one place: its name in logs, metrics and event headers, and the Postgres
// schema it owns (its tables, inbox and outbox; its role has rights on nothing else).
export const NOTIFICATION_SERVICE = 'notification-service';
export const NOTIFICATION_SCHEMA = 'notification_service';
