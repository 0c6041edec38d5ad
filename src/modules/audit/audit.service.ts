// The audit module's public surface: every write service records what it did, in its own
// transaction (pass the transaction's handle), so an audit row exists exactly when the change does.
export { insertAudit as recordAudit, listAudit, type AuditFilter, type AuditRow } from './audit.queries.js';
